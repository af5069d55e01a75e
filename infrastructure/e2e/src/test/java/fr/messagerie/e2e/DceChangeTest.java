package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.files.FileKeys;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The platform reports a DCE change: a draft of the modification notice to the withdrawals, the pieces joined. */
@ExtendWith(LocalAwsExtension.class)
class DceChangeTest {
    private final LocalSystem system;
    private final AgentApi agent;

    DceChangeTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    private String document(String consultation, String path) {
        String key = FileKeys.consultationDocuments("departement-13", consultation) + path;
        system.s3().putObject(r -> r.bucket(system.resources().bucketName("FilesBucket")).key(key),
                RequestBody.fromString("pièce " + path));
        return key;
    }

    @Test
    void a_new_and_a_replaced_piece_make_a_modification_draft_to_the_withdrawals_with_both_joined() {
        String consultation = agent.newConsultation();
        String added = document(consultation, "dce/Annexe 3 - Plans.pdf");
        String replaced = document(consultation, "dce/CCTP - rev2.pdf");
        JsonNode prepared = AgentApi.expect(201, agent.http().post("/consultations/" + consultation + "/dce-changes", """
                {"pieces": [{"documentKey": "%s", "change": "ADDED"}, {"documentKey": "%s", "change": "REPLACED"}]}"""
                .formatted(added, replaced), AgentApi.ALICE));
        assertEquals("#/consultations/" + consultation + "/brouillons/" + prepared.path("letterId").asText(),
                prepared.path("console").asText());

        JsonNode letter = agent.letter(prepared.path("letterId").asText());
        assertEquals("DRAFT", letter.path("state").asText());
        assertEquals("Information de modification de la consultation", letter.path("letterTypeLabel").asText());
        List<String> recipients = new ArrayList<>();
        letter.path("recipients").forEach(r -> recipients.add(r.path("email").asText() + " " + r.path("source").asText()));
        assertEquals(List.of("gregory@atexo.example WITHDRAWALS", "bernard.robert@local-trust.example WITHDRAWALS"),
                recipients);
        List<String> files = new ArrayList<>();
        letter.path("attachments").forEach(a -> files.add(a.path("fileName").asText()));
        assertEquals(List.of("Annexe 3 - Plans.pdf", "CCTP - rev2.pdf"), files.stream().sorted().toList());
    }

    @Test
    void a_missing_piece_leaves_no_draft_and_bad_values_or_another_organism_are_refused() {
        String consultation = agent.newConsultation();
        String present = document(consultation, "dce/RC.pdf");
        AgentApi.expectProblem(404, "document-not-found", agent.http().post("/consultations/" + consultation
                + "/dce-changes", """
                {"pieces": [{"documentKey": "%s", "change": "ADDED"},
                            {"documentKey": "consultations/departement-13/%s/documents/absent.pdf", "change": "ADDED"}]}"""
                .formatted(present, consultation), AgentApi.ALICE));
        assertEquals(0, AgentApi.expect(200, agent.http().get("/consultations/" + consultation + "/drafts",
                AgentApi.ALICE)).path("total").asInt(), "no half-made notice");
        JsonNode problem = AgentApi.expectProblem(400, "dce-pieces-required", agent.http().post("/consultations/"
                + consultation + "/dce-changes", "{\"pieces\": []}", AgentApi.ALICE));
        assertEquals("pieces", problem.path("errors").get(0).path("field").asText());
        AgentApi.expectProblem(400, "invalid-dce-change", agent.http().post("/consultations/" + consultation
                + "/dce-changes", "{\"pieces\": [{\"documentKey\": \"" + present + "\", \"change\": \"NOUVEAU_DCE\"}]}",
                AgentApi.ALICE));
        AgentApi.expectProblem(400, "duplicate-dce-piece", agent.http().post("/consultations/" + consultation
                + "/dce-changes", "{\"pieces\": [{\"documentKey\": \"" + present + "\", \"change\": \"ADDED\"}, "
                + "{\"documentKey\": \"" + present + "\", \"change\": \"REPLACED\"}]}", AgentApi.ALICE));
        // Outside the document space of the agent's organism: the same consultation id in another organism.
        AgentApi.expectProblem(400, "invalid-document", agent.http().post("/consultations/" + consultation
                + "/dce-changes", "{\"pieces\": [{\"documentKey\": \"" + present.replace("departement-13", "region-sud")
                + "\", \"change\": \"ADDED\"}]}", AgentApi.ALICE));
        String tooMany = "{\"pieces\": [" + String.join(", ", java.util.Collections.nCopies(51,
                "{\"documentKey\": \"" + present + "\", \"change\": \"ADDED\"}")) + "]}";
        AgentApi.expectProblem(400, "too-many-dce-pieces", agent.http().post("/consultations/" + consultation
                + "/dce-changes", tooMany, AgentApi.ALICE));
        AgentApi.expectProblem(400, "invalid-request-body", agent.http().post("/consultations/" + consultation
                + "/dce-changes", "{\"pieces\": [{\"documentKey\": 12, \"change\": \"ADDED\"}]}", AgentApi.ALICE));
        AgentApi.expectProblem(404, "consultation-not-found", agent.http().post("/consultations/" + consultation
                + "/dce-changes", "{\"pieces\": [{\"documentKey\": \"" + present + "\", \"change\": \"ADDED\"}]}",
                AgentApi.BRUNO));
        assertEquals(0, AgentApi.expect(200, agent.http().get("/consultations/" + consultation + "/drafts",
                AgentApi.ALICE)).path("total").asInt(), "no refusal leaves a draft");
    }
}
