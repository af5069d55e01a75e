package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.files.FileKeys;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's list of consultations: an agent sees those of their organism, and only those. */
@ExtendWith(LocalAwsExtension.class)
class ConsultationListTest {
    private final LocalSystem system;
    private final AgentApi agent;

    ConsultationListTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void the_document_space_lists_the_consultations_files_for_its_organism_only() {
        String consultation = agent.newConsultation();
        String bucket = system.resources().bucketName("FilesBucket");
        for (String key : List.of("dce/CCTP.pdf", "dce/Bordereau des prix.xls")) {
            system.s3().putObject(r -> r.bucket(bucket).key(space(consultation) + key),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("pièce " + key));
        }
        system.s3().putObject(r -> r.bucket(bucket).key("consultations/departement-13/" + consultation
                        + "/autre/secret.pdf"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("hors espace documentaire"));
        // The same consultation id in another organism has a document space of its own.
        system.s3().putObject(r -> r.bucket(bucket).key(FileKeys.consultationDocuments("region-sud", consultation)
                        + "dce/Autre organisme.pdf"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("pièce d'un autre organisme"));
        JsonNode documents = AgentApi.expect(200, agent.http().get("/consultations/" + consultation + "/documents",
                AgentApi.ALICE));
        List<String> names = new ArrayList<>();
        documents.path("documents").forEach(d -> names.add(d.path("fileName").asText() + " " + d.path("sizeLabel")
                .asText()));
        assertEquals(List.of("Bordereau des prix.xls 33 o", "CCTP.pdf 19 o"), names, "UTF-8 bytes, outside files left out");
        JsonNode theirs = AgentApi.expectProblem(404, "consultation-not-found",
                agent.http().get("/consultations/" + consultation + "/documents", AgentApi.BRUNO));
        JsonNode unknown = AgentApi.expectProblem(404, "consultation-not-found",
                agent.http().get("/consultations/inconnue-" + consultation + "/documents", AgentApi.BRUNO));
        assertEquals(unknown.path("detail"), theirs.path("detail"), "another organism's id is answered as an unknown one");
    }

    private static String space(String consultation) {
        return FileKeys.consultationDocuments("departement-13", consultation);
    }

    @Test
    void an_agent_lists_the_consultations_of_their_organism_only() {
        String alices = agent.newConsultation();
        JsonNode forAlice = AgentApi.expect(200, agent.http().get("/consultations", AgentApi.ALICE));
        JsonNode listed = find(forAlice, alices);
        assertEquals("ADO-2207-2020", listed.path("reference").asText());
        assertEquals("Achat de matériel informatique", listed.path("title").asText());
        assertEquals("31/07/2030 17:30", listed.path("bidDeadlineLabel").asText());

        JsonNode forBruno = AgentApi.expect(200, agent.http().get("/consultations", AgentApi.BRUNO));
        assertTrue(find(forBruno, alices).isMissingNode(), "another organism's consultation is not listed");
        assertFalse(ids(forBruno).isEmpty() && ids(forAlice).isEmpty());
        assertEquals("Département des Bouches-du-Rhône", listed.path("organismName").asText(),
                "the name of the organisms register");
        assertEquals(401, agent.http().get("/consultations", null).getStatusCode(), "no token, no list");
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode consultation : list.path("consultations")) {
            if (consultation.path("id").asText().equals(id)) {
                return consultation;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("consultations").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }
}
