package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.aws.DynamoAttachmentStore;
import fr.messagerie.common.Hashes;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.FileKeys;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The limits of the send modes, and clients that lie about what they upload. */
@ExtendWith(LocalAwsExtension.class)
class AttachmentLimitsTest {
    private static final long MB = 1024 * 1024;
    private static final String ANY_SHA = "0".repeat(64);

    private final LocalSystem system;
    private final AgentApi agent;

    AttachmentLimitsTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void files_over_the_limit_of_the_send_mode_are_refused_when_asking_to_upload() {
        String simple = draft("SIMPLE");
        JsonNode refused = AgentApi.expectProblem(400, "attachments-too-large", agent.http().post("/letters/" + simple
                + "/attachments", upload("gros.pdf", 5 * MB + 1), AgentApi.ALICE));
        assertTrue(refused.path("detail").asText().contains("5 Mo"), refused.toString());
        assertTrue(refused.path("detail").asText().contains("déjà jointes : 0 o"), refused.toString());
        agent.requestUpload(simple, "juste.pdf", 5 * MB, ANY_SHA);

        String withLink = draft("ACCESS_LINK");
        agent.requestUpload(withLink, "dossier.zip", 60 * MB, ANY_SHA);
        AgentApi.expectProblem(400, "attachments-too-large", agent.http().post("/letters/" + withLink
                + "/attachments", upload("enorme.zip", 60 * MB + 1), AgentApi.ALICE));
        AgentApi.expectProblem(400, "invalid-sha256", agent.http().post("/letters/" + withLink + "/attachments",
                "{\"fileName\": \"a.pdf\", \"size\": 10, \"sha256\": \"abc\"}", AgentApi.ALICE));
    }

    @Test
    void a_client_that_lies_about_size_or_checksum_is_caught() throws Exception {
        String letterId = draft("ACCESS_LINK");
        byte[] announced = "contenu annoncé".getBytes(StandardCharsets.UTF_8);
        byte[] bigger = Arrays.copyOf(announced, announced.length + 1000);
        JsonNode tooBig = agent.requestUpload(letterId, "a.pdf", announced.length, Hashes.sha256(announced));
        assertNotEquals(200, AgentApi.put(tooBig.path("upload"), bigger), "S3 refuses another size");
        AgentApi.expectProblem(409, "upload-not-received", agent.http().post("/letters/" + letterId
                + "/attachments/" + tooBig.path("attachment").path("id").asText() + "/complete", null,
                AgentApi.ALICE));

        byte[] other = "contenu ANNONCÉ".getBytes(StandardCharsets.UTF_8);
        JsonNode wrongSum = agent.requestUpload(letterId, "b.pdf", other.length, Hashes.sha256(announced));
        assertNotEquals(200, AgentApi.put(wrongSum.path("upload"), other), "S3 refuses another checksum");

        JsonNode list = AgentApi.expect(200, agent.http().get("/letters/" + letterId + "/attachments",
                AgentApi.ALICE));
        list.path("attachments").forEach(a -> assertEquals("PENDING", a.path("state").asText()));
        assertEquals(0, list.path("totalSize").asLong(), "nothing counts until checked");
    }

    @Test
    void completion_catches_a_file_that_no_longer_fits_and_a_mode_switch_cannot_break_the_limit() throws Exception {
        String letterId = draft("SIMPLE");
        byte[] three = new byte[(int) (3 * MB)];
        byte[] threeBis = Arrays.copyOf(three, three.length);
        threeBis[0] = 1;
        JsonNode first = agent.requestUpload(letterId, "un.pdf", three.length, Hashes.sha256(three));
        JsonNode second = agent.requestUpload(letterId, "deux.pdf", threeBis.length, Hashes.sha256(threeBis));
        assertEquals(200, AgentApi.put(first.path("upload"), three));
        assertEquals(200, AgentApi.put(second.path("upload"), threeBis));
        complete(letterId, first, 200);
        JsonNode refused = AgentApi.expectProblem(400, "attachments-too-large", agent.http().post("/letters/"
                + letterId + "/attachments/" + second.path("attachment").path("id").asText() + "/complete", null,
                AgentApi.ALICE));
        assertTrue(refused.path("detail").asText().contains("déjà jointes : 3 Mo"), refused.toString());

        String linked = draft("ACCESS_LINK");
        byte[] six = new byte[(int) (6 * MB)];
        agent.attach(linked, "six.pdf", six);
        AgentApi.expectProblem(400, "attachments-too-large", agent.http().put("/letters/" + linked,
                "{\"sendMode\": \"SIMPLE\"}", AgentApi.ALICE));
        assertEquals("ACCESS_LINK", agent.letter(linked).path("sendMode").asText());
    }

    @Test
    void a_letter_over_its_limit_is_not_sent() {
        String letterId = draft("SIMPLE");
        // Two completions racing past each other could leave more than the limit: sending checks again.
        AttachmentStore store = new DynamoAttachmentStore(system.dynamoDb(),
                system.resources().tableName("MessagerieTable"));
        store.save(AttachmentStore.Owner.letter(letterId), new AttachmentStore.StoredAttachment(new Attachment(
                "course", "course.pdf", "application/pdf", 6 * MB, ANY_SHA, "letters/" + letterId + "/x"), true,
                ANY_SHA, Instant.now()));
        JsonNode problem = AgentApi.expectProblem(400, "attachments-too-large",
                agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
        assertTrue(problem.path("detail").asText().contains("6 Mo"), problem.toString());
        assertEquals("DRAFT", agent.letter(letterId).path("state").asText());
    }

    @Test
    void files_of_the_consultation_document_space_can_be_joined_and_files_removed_from_drafts() throws Exception {
        String consultation = agent.newConsultation();
        String letterId = agent.createDraft(consultation, """
                {"letterType": "MODIFICATION", "recipients": {"addresses": "%s"}}""".formatted(Mail.address("dce")))
                .path("id").asText();
        byte[] dce = "DCE modifié - CCTP v2".getBytes(StandardCharsets.UTF_8);
        String key = FileKeys.consultationDocuments("departement-13", consultation) + "DCE/CCTP v2.pdf";
        system.s3().putObject(r -> r.bucket(system.resources().bucketName("FilesBucket")).key(key),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(dce));
        JsonNode joined = AgentApi.expect(201, agent.http().post("/letters/" + letterId
                + "/attachments/from-documents", "{\"documentKey\": \"" + key + "\"}", AgentApi.ALICE));
        assertEquals("CCTP v2.pdf", joined.path("fileName").asText());
        assertEquals(Hashes.sha256(dce), joined.path("sha256").asText());
        AgentApi.expectProblem(400, "invalid-document", agent.http().post("/letters/" + letterId
                + "/attachments/from-documents", "{\"documentKey\": \"consultations/autre/documents/x.pdf\"}",
                AgentApi.ALICE));

        JsonNode extra = agent.attach(letterId, "../../etc/passwd\\u0007.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals("passwd.txt", extra.path("fileName").asText(), "no path, no control character");
        assertEquals(204, agent.http().delete("/letters/" + letterId + "/attachments/" + extra.path("id").asText(),
                AgentApi.ALICE).getStatusCode());
        JsonNode download = AgentApi.expect(200, agent.http().get("/letters/" + letterId + "/attachments/"
                + joined.path("id").asText(), AgentApi.ALICE));
        assertArrayEquals(dce, new RecipientBrowser(system.api()).download(download.path("url").asText()));
        AgentApi.expectProblem(404, "letter-not-found", agent.http().get("/letters/" + letterId
                + "/attachments/" + joined.path("id").asText(), AgentApi.BRUNO));

        agent.send(letterId);
        AgentApi.expectProblem(409, "letter-not-editable", agent.http().delete("/letters/" + letterId
                + "/attachments/" + joined.path("id").asText(), AgentApi.ALICE));
        AgentApi.expectProblem(409, "letter-not-editable", agent.http().post("/letters/" + letterId
                + "/attachments", upload("tard.pdf", 10), AgentApi.ALICE));
        JsonNode letter = agent.letter(letterId);
        assertEquals(1, letter.path("attachments").size());
        system.sqs().drain("SendFunction");
    }

    private void complete(String letterId, JsonNode upload, int status) {
        AgentApi.expect(status, agent.http().post("/letters/" + letterId + "/attachments/"
                + upload.path("attachment").path("id").asText() + "/complete", null, AgentApi.ALICE));
    }

    private String draft(String mode) {
        return agent.createDraft(agent.newConsultation(), "{\"letterType\": \"COURRIER_LIBRE\", \"sendMode\": \""
                + mode + "\", \"recipients\": {\"addresses\": \"" + Mail.address("limites") + "\"}}")
                .path("id").asText();
    }

    private static String upload(String name, long size) {
        return "{\"fileName\": \"" + name + "\", \"size\": " + size + ", \"sha256\": \"" + ANY_SHA + "\"}";
    }
}
