package fr.messagerie.aws;

import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.files.Evidence.FileFingerprint;
import fr.messagerie.support.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An event's item: its files' fingerprints stored as a list of their own, and read back from the old JSON text. */
class EventItemsTest {
    private static final Instant AT = Instant.parse("2026-01-05T09:30:00Z");
    private static final FileFingerprint OFFER = new FileFingerprint("Offre.pdf", 12, "c".repeat(64));

    @Test
    void an_event_and_its_files_come_back_as_they_were_recorded() throws Exception {
        DeliveryEvent sent = new DeliveryEvent("sent:d1:1", EventType.SENT, AT, 1, "agent-1",
                Map.of(DeliveryEvent.BODY_SHA256, "a".repeat(64)), List.of(OFFER));
        Map<String, AttributeValue> item = DeliveryItems.event("d1", sent);

        assertEquals(sent, DeliveryItems.event(item));
        var stored = Json.MAPPER.readTree(item.get(DynamoItems.DATA).s());
        assertTrue(stored.path("files").isArray(), "the fingerprints are a list, not a JSON text in the details");
        assertEquals(12, stored.path("files").get(0).path("size").asLong());
        assertEquals(List.of(), DeliveryItems.event(DeliveryItems.event("d1",
                new DeliveryEvent("read:d1", EventType.READ, AT, 1, "oe@exemple.fr", Map.of()))).files());
    }

    @Test
    void an_event_stored_with_its_files_as_a_json_text_in_its_details_is_read_with_typed_files() {
        String stored = "{\"id\":\"replied:d1\",\"type\":\"REPLIED\",\"at\":\"2026-01-05T09:30:00Z\",\"attempt\":1,"
                + "\"actor\":\"oe@exemple.fr\",\"details\":{\"bodySha256\":\"" + "b".repeat(64) + "\",\"attachments\":"
                + "\"[{\\\"fileName\\\":\\\"Offre.pdf\\\",\\\"size\\\":12,\\\"sha256\\\":\\\"" + "c".repeat(64)
                + "\\\"}]\"}}";
        DeliveryEvent event = DeliveryItems.event(Map.of(DynamoItems.DATA, AttributeValue.fromS(stored)));

        assertEquals(List.of(OFFER), event.files());
        assertEquals(Map.of(DeliveryEvent.BODY_SHA256, "b".repeat(64)), event.details(),
                "the old text is no longer a detail");
    }
}
