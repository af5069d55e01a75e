package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Letter types, then a draft created from a template, edited and deleted. */
@ExtendWith(LocalAwsExtension.class)
class DraftsTest {
    private final LocalSystem system;
    private final AgentApi agent;

    DraftsTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void a_draft_costs_two_requests_and_its_send_eight() throws Exception {
        String consultation = agent.newConsultation();
        String json = """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}""";
        String warm = agent.createDraft(consultation, json.formatted(Mail.address("compte"))).path("id").asText();
        try (DynamoRequests requests = DynamoRequests.of(system, "ComposeFunction")) {
            agent.send(warm);
            requests.take();
            String letterId = agent.createDraft(consultation, json.formatted(Mail.address("compte")))
                    .path("id").asText();
            assertEquals(List.of("GetItem", "PutItem"), requests.take(), "the consultation, the letter");
            AgentApi.expect(202, agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
            assertEquals(List.of("Query", "GetItem", "GetItem", "PutItem", "TransactWriteItems", "UpdateItem",
                    "BatchWriteItem", "UpdateItem"), requests.take(), "the letter and its files, the consultation "
                    + "beside its organism, the frozen letter, the delivery and its count, dispatching, the typed "
                    + "address, sent");
        }
        system.sqs().drain("SendFunction");
    }

    @Test
    void the_nine_letter_types_come_with_their_templates() {
        JsonNode catalogue = AgentApi.expect(200, agent.http().get("/letter-types", AgentApi.ALICE));
        assertEquals(9, catalogue.path("letterTypes").size());
        JsonNode rejet = catalogue.path("letterTypes").get(7);
        assertEquals("REJET", rejet.path("code").asText());
        assertEquals("Courrier de rejet", rejet.path("label").asText());
        assertEquals("ACCESS_LINK", rejet.path("sendMode").asText());
        assertTrue(rejet.path("body").asText().contains("votre réponse n'a pas été retenue"));
        assertEquals("Courrier électronique simple sans accusé de réception",
                catalogue.path("sendModes").get(1).path("label").asText());
        assertEquals(5, catalogue.path("registers").size());
    }

    @Test
    void a_draft_starts_from_its_template_and_is_edited_then_deleted() {
        String consultation = agent.newConsultation();
        JsonNode draft = agent.createDraft(consultation, """
                {"letterType": "DEMANDE_COMPLEMENT", "recipients": {"registers": ["WITHDRAWALS"]}}""");
        String letterId = draft.path("id").asText();
        assertEquals("Demande de complément", draft.path("letterTypeLabel").asText());
        assertEquals("ACCESS_LINK", draft.path("sendMode").asText());
        assertTrue(draft.path("replyOptions").path("allowed").asBoolean(), "the template expects a reply");
        assertTrue(draft.path("body").asText().contains("Après analyse"));
        assertEquals("Alice MARTIN", draft.path("author").path("name").asText());
        assertEquals(List.of("gregory@atexo.example", "bernard.robert@local-trust.example"), emails(draft));
        assertEquals("DUPONT Gregory", draft.path("recipients").get(0).path("name").asText());
        assertEquals("Registre des retraits", draft.path("recipients").get(0).path("sourceLabel").asText());

        JsonNode simple = AgentApi.expect(200, agent.http().put("/letters/" + letterId, """
                {"sendMode": "SIMPLE", "body": "<p style=\\"position:fixed\\" onclick=\\"x()\\">Merci de <em>compléter</em> <span style=\\"color: #ff0000\\">avant vendredi</span></p>",
                 "recipients": {"addresses": "Gregory@Atexo.example, nouvelle@entreprise.example",
                                "registers": ["WITHDRAWALS"]}, "version": 1}""", AgentApi.ALICE));
        assertEquals("SIMPLE", simple.path("sendMode").asText());
        assertFalse(simple.path("replyOptions").path("allowed").asBoolean(), "a simple email cannot be answered");
        assertEquals("<p>Merci de <em>compléter</em> <span style=\"color: #ff0000\">avant vendredi</span></p>",
                simple.path("body").asText());
        assertEquals(List.of("gregory@atexo.example", "bernard.robert@local-trust.example",
                "nouvelle@entreprise.example"), emails(simple), "duplicates merged whatever their case");

        AgentApi.expectProblem(409, "concurrent-modification", agent.http().put("/letters/" + letterId,
                "{\"subject\": \"Ancienne version\", \"version\": 1}", AgentApi.ALICE));

        assertEquals(204, agent.http().delete("/letters/" + letterId, AgentApi.ALICE).getStatusCode());
        AgentApi.expectProblem(404, "letter-not-found", agent.http().get("/letters/" + letterId, AgentApi.ALICE));
    }

    private static List<String> emails(JsonNode letter) {
        List<String> emails = new ArrayList<>();
        letter.path("recipients").forEach(r -> emails.add(r.path("email").asText()));
        return emails;
    }
}
