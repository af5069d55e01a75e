package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.aws.DynamoDeliveryLog;
import fr.messagerie.aws.DynamoReplyStore;
import fr.messagerie.aws.ItemSize;
import fr.messagerie.common.Bounds;
import fr.messagerie.common.Hashes;
import fr.messagerie.consultations.UpsertConsultation;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.Evidence;
import fr.messagerie.letters.LetterRules;
import fr.messagerie.letters.RichText;
import fr.messagerie.local.DemoData;
import fr.messagerie.recipient.Reply;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No accepted input makes a record DynamoDB refuses (400 KB = 409,600 bytes, names and values in UTF-8): the largest
 * record of each kind, built from the bounds at the edge, written through the real handlers and stores and measured
 * as DynamoDB measures it ({@link ItemSize}). The worst cases from the bounds, and what they measured:
 * <ul>
 * <li>letter: body 200 KB, 2,000 recipients of up to 254 + 2 × 200 characters: more than an item holds, so the store
 * measures the letter and refuses it above 408,576 bytes (1 KB kept for sending) with {@code letter-too-large},
 * before writing; the largest body with 600 recipients of 254 characters: 382,089 bytes, stored;</li>
 * <li>delivery row: the body's text for keywords on one line (at most the body's bytes), lower-cased (× 1.5 at most:
 * "İ" → "i̇"), with the subject, the recipient and the row's facts: 313,049 bytes; lists at the deepest allowed,
 * whose indented text would be 3.4 times the body: 82,951 bytes;</li>
 * <li>reply: a body of 100 KB once formatted, whose quotes JSON doubles: 204,960 bytes; with 50 files whose names
 * (180 characters) and keys (1,024 bytes) are escaped too: 340,409 bytes;</li>
 * <li>events: the fingerprints of 50 files with the longest names: 33,471 bytes (the sent event holds the same for
 * a letter's files);</li>
 * <li>consultation: its texts and registers (2,000 contacts of up to 254 + 2 × 200 characters): more than an item
 * holds, refused above 409,600 bytes with {@code consultation-too-large}; 2,000 ordinary contacts: 202,205 bytes;</li>
 * <li>attachment: a name of 180 characters and a type of 255: 1,232 bytes; token, free recipient, counts: under
 * 1 KB.</li>
 * </ul>
 */
@ExtendWith(LocalAwsExtension.class)
class ItemSizeBoundsTest {
    /** A character of 2 bytes whose lower case takes 3: the worst for the tracking row's keywords. */
    private static final String DOTTED_I = "İ";
    private static final long LETTER_LIMIT = ItemSize.MAX_ITEM_BYTES - 1024;

    private final LocalSystem system;
    private final AgentApi agent;
    private final String table;

    ItemSizeBoundsTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
        this.table = system.resources().tableName("MessagerieTable");
    }

    @Test
    void the_largest_letters_are_stored_whole_or_refused_before_anything_is_written() {
        String consultation = agent.newConsultation();
        String quotes = "<p>" + "\"".repeat(LetterRules.MAX_BODY_BYTES - 7) + "</p>";
        assertEquals(LetterRules.MAX_BODY_BYTES, Bounds.utf8Length(RichText.sanitize(quotes)), "accepted as a body");
        Map<String, String> before = tableContent();
        JsonNode refused = AgentApi.expectProblem(400, "letter-too-large", agent.http().post("/consultations/"
                + consultation + "/letters", draft("COURRIER_LIBRE", quotes, List.of()), AgentApi.ALICE));
        assertTrue(refused.path("detail").asText().contains("399 Ko au plus"), refused.toString());
        assertEquals(before, tableContent(), "a refused letter writes nothing");

        String accents = "<p>" + "é".repeat((LetterRules.MAX_BODY_BYTES - 7) / 2) + "</p>";
        List<String> addresses = IntStream.range(0, 600).mapToObj(ItemSizeBoundsTest::longestAddress).toList();
        String letterId = agent.createDraft(consultation, draft("COURRIER_LIBRE", accents, addresses))
                .path("id").asText();
        long stored = size("LETTER#" + letterId, "A");
        assertTrue(stored > 370_000 && stored <= LETTER_LIMIT, "the largest body with 600 recipients: " + stored);

        List<String> more = IntStream.range(0, 700).mapToObj(ItemSizeBoundsTest::longestAddress).toList();
        Map<String, String> beforeChange = tableContent();
        AgentApi.expectProblem(400, "letter-too-large", agent.http().put("/letters/" + letterId,
                "{\"recipients\": {\"addresses\": \"" + String.join(" ", more) + "\"}}", AgentApi.ALICE));
        assertEquals(beforeChange, tableContent(), "the stored draft is left as it was");
    }

    @Test
    void the_largest_delivery_row_and_its_events_and_reply_fit() {
        String consultation = agent.newConsultation();
        String body = "<p>" + DOTTED_I.repeat((LetterRules.MAX_BODY_BYTES - 7) / 2) + "</p>";
        String address = longestAddress(1);
        String letterId = agent.createDraft(consultation, """
                {"letterType": "DEMANDE_COMPLEMENT", "subject": "%s", "body": "%s",
                 "replyOptions": {"allowed": true, "deadline": "2030-01-31T17:00:00+01:00"},
                 "recipients": {"contacts": [{"email": "%s", "name": "%s", "company": "%s"}]}}""".formatted(
                DOTTED_I.repeat(LetterRules.MAX_SUBJECT_LENGTH), body, address,
                DOTTED_I.repeat(Bounds.MAX_NAME_LENGTH), DOTTED_I.repeat(Bounds.MAX_NAME_LENGTH))).path("id").asText();
        JsonNode sent = agent.send(letterId);
        system.sqs().drain("SendFunction");
        String deliveryId = sent.path("deliveries").get(0).path("id").asText();

        // The company replies with the longest text: quotes, which the stored JSON escapes.
        String link = Mail.accessLink(Mail.ofLetter(system, agent.letter(letterId)).get(0));
        RecipientBrowser browser = new RecipientBrowser(system.api());
        RecipientBrowser.Page content = browser.follow(browser.submit(browser.get(link).html()
                .selectFirst("form[method=post]"), Map.of()));
        Element replyForm = content.html().selectFirst("form:has(textarea[name=body])");
        String reply = "\"".repeat(Bounds.MAX_REPLY_BYTES - 7);
        assertEquals(303, browser.submit(replyForm, Map.of("body", reply)).status());

        long row = size("DLV#" + deliveryId, "A");
        assertTrue(row > 300_000 && row < ItemSize.MAX_ITEM_BYTES, "delivery row: " + row);
        long replyItem = size("DLV#" + deliveryId, "REPLY");
        assertTrue(replyItem > 200_000 && replyItem < ItemSize.MAX_ITEM_BYTES, "reply: " + replyItem);
        events(deliveryId).forEach((sk, bytes) -> assertTrue(bytes < ItemSize.MAX_ITEM_BYTES, sk + ": " + bytes));
    }

    @Test
    void lists_at_the_deepest_allowed_give_a_one_line_keyword_text() {
        String consultation = agent.newConsultation();
        String open = "<ul><li>".repeat(LetterRules.MAX_BODY_DEPTH / 2 - 1) + "<ul>";
        String items = "<li>x</li>".repeat((LetterRules.MAX_BODY_BYTES - 400) / 10);
        String body = open + items + "</ul>" + "</li></ul>".repeat(LetterRules.MAX_BODY_DEPTH / 2 - 1);
        assertTrue(RichText.toPlainText(body).length() > 2 * LetterRules.MAX_BODY_BYTES,
                "indented, the text would be larger than the body");
        String letterId = agent.createDraft(consultation, draft("COURRIER_LIBRE", body,
                List.of(Mail.address("listes")))).path("id").asText();
        String deliveryId = agent.send(letterId).path("deliveries").get(0).path("id").asText();
        long row = size("DLV#" + deliveryId, "A");
        assertTrue(row < LetterRules.MAX_BODY_BYTES, "delivery row: " + row);
        system.sqs().drain("SendFunction");
    }

    @Test
    void the_largest_reply_with_fifty_files_and_its_event_fit() {
        // What completeReplyUpload stores: a name cleaned to 180 characters, the key S3 gave (1,024 bytes at most).
        String deliveryId = "f".repeat(32);
        List<Attachment> files = new ArrayList<>();
        for (int i = 0; i < AttachmentRules.MAX_FILES; i++) {
            String fileId = UUID.randomUUID().toString();
            String prefix = "deliveries/" + deliveryId + "/reply/" + fileId + "/";
            String key = prefix + "\"".repeat(1024 - prefix.length());
            files.add(new Attachment(fileId, AttachmentRules.cleanFileName("€".repeat(1_000)),
                    "application/octet-stream", 60 * AttachmentRules.MEGABYTE / 50, Hashes.sha256(key), key));
        }
        String body = RichText.sanitize(RichText.fromPlainText("\"".repeat(Bounds.MAX_REPLY_BYTES - 7)));
        assertEquals(Bounds.MAX_REPLY_BYTES, Bounds.utf8Length(body));
        DynamoReplyStore replies = new DynamoReplyStore(system.dynamoDb(), table);
        DynamoDeliveryLog log = new DynamoDeliveryLog(system.dynamoDb(), table);
        createDelivery(deliveryId);
        assertTrue(replies.saveReply(new Reply(deliveryId, body, files, Instant.now())));
        new RecordDeliveryEvent(log).record(deliveryId, new DeliveryEvent("replied:" + deliveryId, EventType.REPLIED, Instant.now(), 1,
                longestAddress(2), Map.of(DeliveryEvent.BODY_SHA256, Hashes.sha256(body)),
                Evidence.fingerprints(files)));
        long reply = size("DLV#" + deliveryId, "REPLY");
        assertTrue(reply > 300_000 && reply < ItemSize.MAX_ITEM_BYTES, "reply with 50 files: " + reply);
        events(deliveryId).forEach((sk, bytes) -> assertTrue(bytes < 100_000, sk + ": " + bytes));
    }

    @Test
    void the_largest_consultations_are_stored_whole_or_refused() {
        String id = "cons-" + UUID.randomUUID();
        String contacts = IntStream.range(0, 1_400).mapToObj(i -> "{\"email\": \"" + longestAddress(i)
                + "\", \"name\": \"" + "N".repeat(Bounds.MAX_NAME_LENGTH) + "\", \"company\": \""
                + "C".repeat(Bounds.MAX_NAME_LENGTH) + "\"}").collect(Collectors.joining(", "));
        DemoData.putOrganisms(agent.http(), AgentApi.PLATFORM);
        Map<String, String> before = tableContent();
        AgentApi.expectProblem(400, "consultation-too-large", agent.http().put("/consultations/" + id,
                consultation("{\"WITHDRAWALS\": [" + contacts + "]}"), AgentApi.PLATFORM));
        assertEquals(before, tableContent(), "a refused consultation writes nothing");

        String many = IntStream.range(0, UpsertConsultation.MAX_CONTACTS).mapToObj(i -> "{\"email\": \"contact" + i
                + "@entreprise-du-batiment.example\", \"name\": \"DUPONT Grégory\", \"company\": \"ATEXO\"}")
                .collect(Collectors.joining(", "));
        AgentApi.expect(200, agent.http().put("/consultations/" + id, consultation("{\"WITHDRAWALS\": [" + many
                + "]}"), AgentApi.PLATFORM));
        long stored = size("ORG#departement-13#CONS#" + id, "A");
        assertTrue(stored > 100_000 && stored <= ItemSize.MAX_ITEM_BYTES, "2,000 contacts: " + stored);
    }

    @Test
    void an_attachment_with_the_longest_name_and_type_is_small() {
        String letterId = agent.createDraft(agent.newConsultation(), "{\"letterType\": \"COURRIER_LIBRE\"}")
                .path("id").asText();
        JsonNode upload = AgentApi.expect(201, agent.http().post("/letters/" + letterId + "/attachments",
                "{\"fileName\": \"" + "€".repeat(996) + ".pdf\", \"contentType\": \"application/" + "x".repeat(243)
                        + "\", \"size\": 10, \"sha256\": \"" + Hashes.sha256("x") + "\"}", AgentApi.ALICE));
        String id = upload.path("attachment").path("id").asText();
        long stored = size("LETTER#" + letterId, "FILE#" + id);
        assertTrue(stored < 2_000, "attachment: " + stored);
    }

    private void createDelivery(String deliveryId) {
        system.dynamoDb().putItem(r -> r.tableName(table).item(Map.of("PK", AttributeValue.fromS("DLV#" + deliveryId),
                "SK", AttributeValue.fromS("A"), "status", AttributeValue.fromS("SENDING"),
                "data", AttributeValue.fromS("{\"id\": \"" + deliveryId + "\", \"consultationId\": \"c\"}"))));
    }

    private static String consultation(String registers) {
        return """
                {"organismId": "departement-13", "reference": "%s", "title": "%s", "object": "%s",
                 "bidDeadline": "2030-07-31T17:30:00+02:00", "purchasingEntity": "%s",
                 "directLink": "https://marches.example.fr/%s", "registers": %s}"""
                .formatted("R".repeat(Bounds.MAX_REFERENCE_LENGTH),
                "T".repeat(Bounds.MAX_TITLE_LENGTH), "O".repeat(Bounds.MAX_OBJECT_LENGTH),
                "E".repeat(Bounds.MAX_NAME_LENGTH),
                "l".repeat(Bounds.MAX_LINK_LENGTH - 30), registers);
    }

    private static String draft(String type, String body, List<String> addresses) {
        return "{\"letterType\": \"" + type + "\", \"body\": \"" + body.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\", \"recipients\": {\"addresses\": \"" + String.join(" ", addresses) + "\"}}";
    }

    /** A valid address of 254 characters, the longest SMTP allows. */
    private static String longestAddress(int n) {
        String local = String.format("c%05d", n) + "a".repeat(58);
        String domain = "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(53) + ".example";
        return local + "@" + domain;
    }

    private long size(String pk, String sk) {
        Map<String, AttributeValue> item = system.dynamoDb().getItem(r -> r.tableName(table)
                .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))
                .consistentRead(true)).item();
        assertTrue(item != null && !item.isEmpty(), "no item " + pk + " / " + sk);
        return ItemSize.of(item);
    }

    private Map<String, Long> events(String deliveryId) {
        Map<String, Long> sizes = new HashMap<>();
        system.dynamoDb().queryPaginator(r -> r.tableName(table)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :ev)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("DLV#" + deliveryId),
                                ":ev", AttributeValue.fromS("EV#"))))
                .items().forEach(item -> sizes.put(item.get("SK").s(), ItemSize.of(item)));
        assertTrue(!sizes.isEmpty(), "events of " + deliveryId);
        return sizes;
    }

    private Map<String, String> tableContent() {
        Map<String, String> items = new HashMap<>();
        system.dynamoDb().scanPaginator(r -> r.tableName(table))
                .items().forEach(item -> items.put(item.get("PK").s() + "|" + item.get("SK").s(), item.toString()));
        return items;
    }
}
