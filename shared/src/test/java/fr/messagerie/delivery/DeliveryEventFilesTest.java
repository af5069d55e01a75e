package fr.messagerie.delivery;

import fr.messagerie.files.Attachment;
import fr.messagerie.files.Evidence;
import fr.messagerie.files.Evidence.FileFingerprint;
import fr.messagerie.support.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The files of an event, typed, over the details' JSON string that events have always stored. */
class DeliveryEventFilesTest {
    private static final Instant AT = Instant.parse("2026-01-05T09:30:00Z");

    @Test
    void the_files_are_read_from_the_stored_string_and_stored_the_same_way() throws Exception {
        String stored = "{\"id\":\"sent:d1:1\",\"type\":\"SENT\",\"at\":\"2026-01-05T09:30:00Z\",\"attempt\":1,"
                + "\"actor\":\"agent\",\"details\":{\"attachments\":"
                + "\"[{\\\"fileName\\\":\\\"Offre.pdf\\\",\\\"size\\\":12,\\\"sha256\\\":\\\"cc\\\"}]\"}}";
        DeliveryEvent event = Json.MAPPER.readValue(stored, DeliveryEvent.class);

        assertEquals(Optional.of(List.of(new FileFingerprint("Offre.pdf", 12, "cc"))), event.files());
        assertEquals(Json.MAPPER.readTree(stored), Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(event)),
                "written back as it was read: no new attribute");
    }

    @Test
    void an_event_without_files_has_none_and_fingerprints_are_those_of_the_attachments() {
        assertEquals(Optional.empty(), new DeliveryEvent("e", EventType.READ, AT, 1, "x", Map.of()).files());
        List<Attachment> files = List.of(new Attachment("f1", "Offre.pdf", "application/pdf", 12, "cc", "k"));
        assertEquals(Evidence.parse(Evidence.files(files)), Evidence.fingerprints(files));
        assertEquals(Optional.of(Evidence.fingerprints(files)), new DeliveryEvent("e", EventType.SENT, AT, 1, "x",
                Map.of(DeliveryEvent.ATTACHMENTS, Evidence.files(files))).files());
    }
}
