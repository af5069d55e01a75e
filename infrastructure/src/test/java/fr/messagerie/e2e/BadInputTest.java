package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.infrastructure.LocalAwsExtension;
import fr.messagerie.infrastructure.LocalSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every refusal is a 4xx problem+json with a stable code and a French message, and writes nothing. */
@ExtendWith(LocalAwsExtension.class)
class BadInputTest {
    private final LocalSystem system;
    private final AgentApi agent;
    private String consultation;

    BadInputTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @BeforeEach
    void consultation() {
        consultation = agent.newConsultation();
    }

    @Test
    void an_invalid_address_is_refused_with_the_address_named() {
        JsonNode problem = refusedWithoutWrite(400, "invalid-recipient-address", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "ok@entreprise.example; pas-une-adresse"}}"""));
        assertTrue(problem.path("detail").asText().contains("« pas-une-adresse »"), problem.toString());
        assertEquals("recipients", problem.path("errors").get(0).path("field").asText());
    }

    @Test
    void an_empty_subject_is_refused_on_creation_and_on_update() {
        refusedWithoutWrite(400, "subject-required", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "subject": "   "}"""));
        String letterId = agent.createDraft(consultation, "{\"letterType\": \"COURRIER_LIBRE\"}").path("id").asText();
        refusedWithoutWrite(400, "subject-required",
                () -> agent.http().put("/letters/" + letterId, "{\"subject\": \"\"}", AgentApi.ALICE));
        assertEquals("Réf. ADO-2207-2020 - Courrier libre", agent.letter(letterId).path("subject").asText());
    }

    @Test
    void an_unknown_letter_type_is_refused() {
        JsonNode problem = refusedWithoutWrite(400, "unknown-letter-type",
                () -> createDraft("{\"letterType\": \"COURRIER_RECOMMANDE\"}"));
        assertTrue(problem.path("detail").asText().contains("Courrier de rejet"), "the possible types are listed");
        refusedWithoutWrite(400, "letter-type-required", () -> createDraft("{}"));
    }

    @Test
    void a_reply_deadline_in_the_past_is_refused() {
        JsonNode problem = refusedWithoutWrite(400, "reply-deadline-in-past", () -> createDraft("""
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "2020-01-31T17:00:00+01:00"}}"""));
        assertTrue(problem.path("detail").asText().contains("31/01/2020 17:00"), problem.toString());
        refusedWithoutWrite(400, "invalid-reply-deadline", () -> createDraft("""
                {"letterType": "DEMANDE_COMPLEMENT", "replyOptions": {"allowed": true, "deadline": "demain midi"}}"""));
    }

    @Test
    void reply_options_with_a_simple_email_are_refused() {
        refusedWithoutWrite(400, "reply-options-require-access-link", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "sendMode": "SIMPLE", "replyOptions": {"allowed": true}}"""));
        refusedWithoutWrite(400, "invalid-send-mode", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "sendMode": "PIGEON_VOYAGEUR"}"""));
        refusedWithoutWrite(400, "sealed-reply-requires-deadline", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "replyOptions": {"allowed": true, "sealed": true}}"""));
    }

    @Test
    void a_sent_letter_can_be_neither_sent_again_nor_edited_nor_deleted() {
        String letterId = agent.createDraft(consultation, """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}""".formatted(Mail.address("x")))
                .path("id").asText();
        agent.send(letterId);
        refusedWithoutWrite(409, "letter-already-sent",
                () -> agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
        refusedWithoutWrite(409, "letter-not-editable",
                () -> agent.http().put("/letters/" + letterId, "{\"subject\": \"Autre objet\"}", AgentApi.ALICE));
        refusedWithoutWrite(409, "letter-not-editable", () -> agent.http().delete("/letters/" + letterId, AgentApi.ALICE));
        system.sqs().drain("SendFunction");
    }

    @Test
    void a_draft_without_recipient_cannot_be_sent_and_stays_a_draft() {
        String letterId = agent.createDraft(consultation, "{\"letterType\": \"COURRIER_LIBRE\"}").path("id").asText();
        refusedWithoutWrite(400, "recipients-required",
                () -> agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
        assertEquals("DRAFT", agent.letter(letterId).path("state").asText());
    }

    @Test
    void another_organisms_consultation_and_letters_are_out_of_reach() {
        String letterId = agent.createDraft(consultation, "{\"letterType\": \"COURRIER_LIBRE\"}").path("id").asText();
        var api = agent.http();
        Map<String, String> bruno = AgentApi.BRUNO;
        refusedWithoutWrite(404, "consultation-not-found", () -> api.get("/consultations/" + consultation, bruno));
        refusedWithoutWrite(404, "consultation-not-found",
                () -> api.get("/consultations/" + consultation + "/registers", bruno));
        refusedWithoutWrite(404, "consultation-not-found", () -> api.post("/consultations/" + consultation
                + "/letters", "{\"letterType\": \"COURRIER_LIBRE\"}", bruno));
        refusedWithoutWrite(404, "letter-not-found", () -> api.get("/letters/" + letterId, bruno));
        refusedWithoutWrite(404, "letter-not-found",
                () -> api.put("/letters/" + letterId, "{\"subject\": \"Piraté\"}", bruno));
        refusedWithoutWrite(404, "letter-not-found", () -> api.delete("/letters/" + letterId, bruno));
        refusedWithoutWrite(404, "letter-not-found",
                () -> api.post("/letters/" + letterId + "/send", null, bruno));
        Map<String, String> noOrganism = new HashMap<>(AgentApi.ALICE);
        noOrganism.remove("custom:organism");
        refusedWithoutWrite(403, "missing-organism", () -> api.get("/consultations/" + consultation, noOrganism));
        assertEquals(401, api.get("/consultations/" + consultation, null).getStatusCode(), "no token: the gateway");
    }

    @Test
    void malformed_or_mistyped_json_is_refused() {
        refusedWithoutWrite(400, "malformed-json", () -> createDraft("{\"letterType\": \"COURRIER_LIBRE\","));
        refusedWithoutWrite(400, "malformed-json",
                () -> agent.http().put("/consultations/" + consultation, "{reference: ADO}", AgentApi.PLATFORM));
        JsonNode problem = refusedWithoutWrite(400, "invalid-request-body", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "recipients": {"registers": "WITHDRAWALS"}}"""));
        assertEquals("recipients.registers", problem.path("errors").get(0).path("field").asText());
        refusedWithoutWrite(400, "body-required", () -> createDraft(""));
    }

    @Test
    void unknown_ids_are_not_found() {
        refusedWithoutWrite(404, "letter-not-found", () -> agent.http().get("/letters/inconnu", AgentApi.ALICE));
        refusedWithoutWrite(404, "consultation-not-found", () -> agent.http().post("/consultations/inconnue/letters",
                "{\"letterType\": \"COURRIER_LIBRE\"}", AgentApi.ALICE));
    }

    @Test
    void a_consultation_with_bad_registers_is_refused_whole() {
        refusedWithoutWrite(400, "invalid-recipient-address", () -> agent.http().put("/consultations/cons-neuve-"
                + System.nanoTime(), """
                {"organismId": "departement-13", "reference": "R1", "title": "T1",
                 "registers": {"WITHDRAWALS": [{"name": "X", "email": "pas une adresse"}]}}""", AgentApi.PLATFORM));
        refusedWithoutWrite(400, "unknown-register", () -> agent.http().put("/consultations/" + consultation, """
                {"organismId": "departement-13", "reference": "R1", "title": "T1",
                 "registers": {"FREE_RECIPIENTS": []}}""", AgentApi.PLATFORM));
        refusedWithoutWrite(400, "reference-required", () -> agent.http().put("/consultations/" + consultation,
                "{\"organismId\": \"departement-13\", \"title\": \"T1\"}", AgentApi.PLATFORM));
    }

    private APIGatewayV2HTTPResponse createDraft(String json) {
        return agent.http().post("/consultations/" + consultation + "/letters", json, AgentApi.ALICE);
    }

    private JsonNode refusedWithoutWrite(int status, String code, Supplier<APIGatewayV2HTTPResponse> request) {
        Map<String, String> before = tableContent();
        JsonNode problem = AgentApi.expectProblem(status, code, request.get());
        assertEquals(before, tableContent(), "nothing written by a refused request");
        return problem;
    }

    /** Every item of the table, by key (a test-only scan). */
    private Map<String, String> tableContent() {
        Map<String, String> items = new HashMap<>();
        system.dynamoDb().scanPaginator(r -> r.tableName(system.resources().tableName("MessagerieTable")))
                .items().forEach(item -> items.put(item.get("PK").s() + "|" + item.get("SK").s(), item.toString()));
        return items;
    }
}
