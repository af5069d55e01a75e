package fr.messagerie.e2e;

import fr.messagerie.files.FileKeys;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What becomes evidence is locked for the legal period (S3 Object Lock, the template's default: GOVERNANCE, 10 years)
 * when it becomes evidence, and not before: a draft's files, and the files of a reply being written, stay deletable.
 */
@ExtendWith(LocalAwsExtension.class)
class EvidenceRetentionTest {
    private final LocalSystem system;
    private final AgentApi agent;
    private final String bucket;

    EvidenceRetentionTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
        this.bucket = system.resources().bucketName("FilesBucket");
    }

    @Test
    void a_letters_files_are_locked_when_it_is_sent_and_a_drafts_stay_deletable() throws Exception {
        String letterId = agent.createDraft(agent.newConsultation(), """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}"""
                .formatted(Mail.address("preuve"))).path("id").asText();
        String kept = agent.attach(letterId, "Règlement de consultation.pdf",
                "règlement".getBytes(StandardCharsets.UTF_8)).path("id").asText();
        String removed = agent.attach(letterId, "Brouillon.pdf", "brouillon".getBytes(StandardCharsets.UTF_8))
                .path("id").asText();
        String keptKey = FileKeys.letterAttachment(letterId, kept);
        String removedKey = FileKeys.letterAttachment(letterId, removed);

        assertNotLocked(keptKey);
        assertEquals(204, system.api().delete("/letters/" + letterId + "/attachments/" + removed, AgentApi.ALICE)
                .getStatusCode(), "a draft's file can still be removed");
        assertNotLocked(removedKey);

        agent.send(letterId);
        system.sqs().drain("SendFunction");

        assertLockedForTenYears(keptKey);
        assertNotLocked(removedKey);
    }

    @Test
    void a_replys_files_are_locked_when_the_reply_is_sent_and_every_proof_when_it_is_made() throws Exception {
        OpenedReply opened = OpenedReply.open(system, agent, "reponse.preuve");
        String deliveryId = opened.deliveryId();
        RecipientBrowser browser = opened.browser();
        RecipientBrowser.Page content = browser.get(opened.link());

        Element uploadForm = content.html().selectFirst("form[enctype=multipart/form-data]");
        HttpResponse<String> uploaded = browser.upload(uploadForm, "Offre complétée.pdf",
                "offre".getBytes(StandardCharsets.UTF_8));
        assertEquals(303, uploaded.statusCode(), uploaded.body());
        RecipientBrowser.Page withFile = browser.follow(browser.get(uploaded.headers().firstValue("Location")
                .orElseThrow()));
        List<String> replyKeys = keysUnder("deliveries/" + deliveryId + "/reply/");
        assertEquals(1, replyKeys.size(), replyKeys.toString());
        assertNotLocked(replyKeys.get(0));

        RecipientBrowser.Page replied = browser.submit(withFile.html().selectFirst("form:has(textarea[name=body])"),
                Map.of("body", "Voici notre offre complétée."));
        assertEquals(303, replied.status(), replied.text());
        assertLockedForTenYears(replyKeys.get(0));

        assertEquals(List.of(), keysUnder(FileKeys.proofs(deliveryId)));
        AgentApi.expect(200, system.api().get("/deliveries/" + deliveryId + "/proof", AgentApi.ALICE));
        List<String> proofs = keysUnder(FileKeys.proofs(deliveryId));
        assertFalse(proofs.isEmpty());
        for (String proof : proofs) {
            assertLockedForTenYears(proof);
        }
        onlyWhatMayExpireCarriesATimeToLive();
    }

    /** The table's TTL removes records of uploads never completed and request counters, never a piece of evidence. */
    private void onlyWhatMayExpireCarriesATimeToLive() {
        List<Map<String, AttributeValue>> expiring = system.dynamoDb().scanPaginator(r -> r
                        .tableName(system.resources().tableName("MessagerieTable")).filterExpression("attribute_exists(#ttl)")
                        .expressionAttributeNames(Map.of("#ttl", "ttl"))).items().stream().toList();
        assertFalse(expiring.isEmpty(), "the proof request counter expires");
        for (Map<String, AttributeValue> item : expiring) {
            String sortKey = item.get("SK").s();
            boolean pendingUpload = sortKey.startsWith("FILE#") && item.containsKey("state")
                    && "PENDING".equals(item.get("state").s());
            assertTrue(sortKey.startsWith("RATE#") || pendingUpload, "expires: " + item.get("PK").s() + " " + sortKey);
        }
    }

    private void assertLockedForTenYears(String key) {
        ObjectLockRetention retention = system.s3().getObjectRetention(r -> r.bucket(bucket).key(key)).retention();
        assertEquals(ObjectLockRetentionMode.GOVERNANCE, retention.mode(), key);
        // Until the end of the day, ten years on (the test may straddle midnight).
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Set<Instant> expected = Set.of(endOfDayTenYearsOn(today.minusDays(1)), endOfDayTenYearsOn(today));
        assertTrue(expected.contains(retention.retainUntilDate()), key + " locked until " + retention.retainUntilDate());
    }

    private static Instant endOfDayTenYearsOn(LocalDate day) {
        return day.plusDays(1).plusYears(10).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private void assertNotLocked(String key) {
        S3Exception none = assertThrows(S3Exception.class,
                () -> system.s3().getObjectRetention(r -> r.bucket(bucket).key(key)), key + " is not locked");
        assertEquals(404, none.statusCode());
    }

    private List<String> keysUnder(String prefix) {
        return system.s3().listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }
}
