package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.aws.DynamoAttachmentStore;
import fr.messagerie.common.Hashes;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.FileKeys;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.SentEmail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file types SES refuses in an email: refused in a simple email when added, when switching to it and at send,
 * and every refusal leaves the draft, its files and the bucket as they were. With the access link they are allowed.
 */
@ExtendWith(LocalAwsExtension.class)
class AttachmentTypesTest {
    private static final byte[] PROGRAM = "MZ programme".getBytes(StandardCharsets.UTF_8);

    private final LocalSystem system;
    private final AgentApi agent;

    AttachmentTypesTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void a_simple_email_refuses_a_program_when_asking_to_upload_whatever_the_case_or_the_double_extension() {
        String letterId = draft(agent.newConsultation(), "SIMPLE");
        JsonNode refused = AgentApi.expectProblem(400, "attachment-type-refused", upload(letterId, "programme.exe"));
        assertEquals("Le type de fichier « .exe » (programme.exe) ne peut pas être envoyé en pièce jointe d'un "
                + "courrier électronique simple : choisissez l'envoi avec accusé de réception, ou joignez-le dans une "
                + "archive .zip.", refused.path("detail").asText());
        assertEquals("attachments", refused.path("errors").get(0).path("field").asText());
        assertTrue(AgentApi.expectProblem(400, "attachment-type-refused", upload(letterId, "FACTURE.PDF.EXE"))
                .path("detail").asText().contains("« .exe » (FACTURE.PDF.EXE)"));
        assertTrue(AgentApi.expectProblem(400, "attachment-type-refused", upload(letterId, "C:\\\\outils\\\\lancer.Bat"))
                .path("detail").asText().contains("« .bat » (lancer.Bat)"), "checked on the name as cleaned");
        assertEquals(List.of(), names(letterId), "nothing written");

        agent.requestUpload(letterId, "programme.zip", 100, Hashes.sha256(PROGRAM));
        agent.requestUpload(letterId, "notice.exe.pdf", 100, Hashes.sha256(PROGRAM));
        assertEquals(List.of("notice.exe.pdf", "programme.zip"), names(letterId).stream().sorted().toList());
    }

    @Test
    void a_simple_email_refuses_a_program_of_the_document_space_and_copies_nothing() {
        String consultation = agent.newConsultation();
        String letterId = draft(consultation, "SIMPLE");
        String key = FileKeys.consultationDocuments("departement-13", consultation) + "outils/installeur.msi";
        system.s3().putObject(r -> r.bucket(bucket()).key(key), RequestBody.fromBytes(PROGRAM));

        JsonNode refused = AgentApi.expectProblem(400, "attachment-type-refused", agent.http().post("/letters/"
                + letterId + "/attachments/from-documents", "{\"documentKey\": \"" + key + "\"}", AgentApi.ALICE));
        assertTrue(refused.path("detail").asText().contains("« .msi » (installeur.msi)"), refused.toString());
        assertEquals(List.of(), names(letterId));
        assertEquals(0, system.s3().listObjectsV2(r -> r.bucket(bucket()).prefix(FileKeys.letterFiles(letterId)))
                .keyCount(), "nothing copied into the letter's files");
    }

    @Test
    void with_the_access_link_a_program_is_joined_and_sent_but_the_switch_to_a_simple_email_is_refused()
            throws Exception {
        String company = Mail.address("programme");
        String letterId = agent.createDraft(agent.newConsultation(), """
                {"letterType": "COURRIER_LIBRE", "sendMode": "ACCESS_LINK", "recipients": {"addresses": "%s"}}"""
                .formatted(company)).path("id").asText();
        assertEquals("READY", agent.attach(letterId, "programme.exe", PROGRAM).path("state").asText());
        agent.attach(letterId, "offre.pdf", "offre".getBytes(StandardCharsets.UTF_8));
        JsonNode before = agent.letter(letterId);

        JsonNode refused = AgentApi.expectProblem(400, "attachment-type-refused", agent.http().put("/letters/"
                + letterId, "{\"sendMode\": \"SIMPLE\"}", AgentApi.ALICE));
        assertEquals("Le type de fichier « .exe » (programme.exe) ne peut pas être envoyé en pièce jointe d'un "
                + "courrier électronique simple : retirez-le ou joignez-le dans une archive .zip, ou choisissez "
                + "l'envoi avec accusé de réception.", refused.path("detail").asText());
        JsonNode after = agent.letter(letterId);
        assertEquals("ACCESS_LINK", after.path("sendMode").asText());
        assertEquals(before.path("version").asLong(), after.path("version").asLong(), "nothing written");

        JsonNode sent = agent.send(letterId);
        system.sqs().drain("SendFunction");
        SentEmail mail = Mail.ofLetter(system, sent).get(0);
        assertTrue(mail.attachments().isEmpty(), "downloaded from the site, not carried by the email");
        assertEquals(2, sent.path("attachments").size());
    }

    @Test
    void a_program_whose_upload_was_authorised_before_the_switch_is_discarded_at_completion() throws Exception {
        String letterId = draft(agent.newConsultation(), "ACCESS_LINK");
        JsonNode upload = agent.requestUpload(letterId, "programme.exe", PROGRAM.length, Hashes.sha256(PROGRAM));
        AgentApi.expect(200, agent.http().put("/letters/" + letterId, "{\"sendMode\": \"SIMPLE\"}", AgentApi.ALICE));
        assertEquals(200, AgentApi.put(upload.path("upload"), PROGRAM));

        AgentApi.expectProblem(400, "attachment-type-refused", agent.http().post("/letters/" + letterId
                + "/attachments/" + upload.path("attachment").path("id").asText() + "/complete", null,
                AgentApi.ALICE));
        assertEquals(List.of(), names(letterId), "discarded");
        assertEquals(0, system.s3().listObjectsV2(r -> r.bucket(bucket()).prefix(FileKeys.letterFiles(letterId)))
                .keyCount(), "and removed from the bucket");
    }

    @Test
    void a_simple_email_holding_a_program_is_not_sent() {
        String company = Mail.address("envoi-programme");
        String letterId = agent.createDraft(agent.newConsultation(), """
                {"letterType": "COURRIER_LIBRE", "sendMode": "SIMPLE", "recipients": {"addresses": "%s"}}"""
                .formatted(company)).path("id").asText();
        // However it got there (an older version, a race), sending checks again.
        new DynamoAttachmentStore(system.dynamoDb(), system.resources().tableName("MessagerieTable"))
                .save(AttachmentStore.Owner.letter(letterId), new AttachmentStore.StoredAttachment(new Attachment(
                        "prg", "setup.Exe", "application/octet-stream", PROGRAM.length, Hashes.sha256(PROGRAM),
                        FileKeys.letterAttachment(letterId, "prg")), true, Hashes.sha256(PROGRAM), Instant.now()));

        JsonNode problem = AgentApi.expectProblem(400, "attachment-type-refused",
                agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
        assertTrue(problem.path("detail").asText().contains("« .exe » (setup.Exe)"), problem.toString());
        JsonNode letter = agent.letter(letterId);
        assertEquals("DRAFT", letter.path("state").asText());
        assertEquals(0, letter.path("deliveries").size());
        system.sqs().drain("SendFunction");
        assertEquals(List.of(), system.mailbox().sentTo(company), "no email");
    }

    private String draft(String consultation, String mode) {
        return agent.createDraft(consultation, "{\"letterType\": \"COURRIER_LIBRE\", \"sendMode\": \"" + mode
                + "\", \"recipients\": {\"addresses\": \"" + Mail.address("types") + "\"}}").path("id").asText();
    }

    private APIGatewayV2HTTPResponse upload(String letterId, String fileName) {
        return agent.http().post("/letters/" + letterId + "/attachments", "{\"fileName\": \"" + fileName
                + "\", \"size\": 100, \"sha256\": \"" + Hashes.sha256(PROGRAM) + "\"}", AgentApi.ALICE);
    }

    private List<String> names(String letterId) {
        JsonNode list = AgentApi.expect(200, agent.http().get("/letters/" + letterId + "/attachments",
                AgentApi.ALICE));
        return StreamSupport.stream(list.path("attachments").spliterator(), false)
                .map(a -> a.path("fileName").asText()).toList();
    }

    private String bucket() {
        return system.resources().bucketName("FilesBucket");
    }
}
