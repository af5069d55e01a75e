package fr.messagerie.delivery;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DeliveryProjectionTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void any_order_of_the_same_events_folds_to_the_same_projection() {
        Random random = new Random(20261201);
        EventType[] types = EventType.values();
        for (int log = 0; log < 2_000; log++) {
            List<DeliveryEvent> events = new ArrayList<>();
            int size = 1 + random.nextInt(9);
            for (int i = 0; i < size; i++) {
                EventType type = types[random.nextInt(types.length)];
                // Few distinct times, so that ties between failures are broken by the event id.
                events.add(new DeliveryEvent("e" + log + "-" + i, type, T0.plusSeconds(random.nextInt(4)),
                        1 + random.nextInt(3), "test", Map.of(DeliveryEvent.REASON, "raison " + i)));
            }
            DeliveryProjection expected = DeliveryProjection.of(events);
            for (int order = 0; order < 10; order++) {
                List<DeliveryEvent> shuffled = new ArrayList<>(events);
                Collections.shuffle(shuffled, random);
                assertEquals(expected, DeliveryProjection.of(shuffled), () -> "order " + shuffled);
            }
        }
    }

    @Test
    void the_projection_says_what_the_tracking_list_shows() {
        DeliveryEvent sent = new DeliveryEvent("sent:1", EventType.SENT, T0, 1, "agent", Map.of());
        DeliveryEvent bounced = new DeliveryEvent("bounce:1", EventType.BOUNCED, T0.plusSeconds(5), 1, "SES",
                Map.of(DeliveryEvent.REASON, "Adresse inexistante"));
        DeliveryEvent resent = new DeliveryEvent("resent:2", EventType.RESENT, T0.plusSeconds(60), 2, "agent", Map.of());
        DeliveryEvent sentAgain = new DeliveryEvent("sent:2", EventType.SENT, T0.plusSeconds(61), 2, "agent", Map.of());
        DeliveryEvent delivered = new DeliveryEvent("delivery:2", EventType.DELIVERED, T0.plusSeconds(63), 2, "SES",
                Map.of());
        DeliveryEvent read = new DeliveryEvent("read:1", EventType.READ, T0.plusSeconds(90), 2, "oe@example.com",
                Map.of());

        DeliveryProjection undelivered = DeliveryProjection.of(List.of(sent, bounced));
        assertEquals(DeliveryStatus.NOT_DELIVERED, undelivered.status());
        assertEquals("Adresse inexistante", undelivered.reason());
        assertEquals(Map.of("E", T0), undelivered.letterTimes());
        assertEquals(1, undelivered.dispatchedAttempt());
        assertEquals(2, undelivered.events());

        DeliveryProjection relanced = undelivered.with(resent);
        assertEquals(DeliveryStatus.SENDING, relanced.status());
        assertNull(relanced.reason(), "the new attempt has no failure yet");
        assertEquals(Map.of(), relanced.letterTimes(), "E and D are those of the latest attempt");
        assertEquals(1, relanced.dispatchedAttempt(), "attempt 2 is not handed to the mail service yet");

        DeliveryProjection opened = relanced.with(sentAgain).with(delivered).with(read);
        assertEquals(DeliveryStatus.READ, opened.status());
        assertEquals(Map.of("E", sentAgain.at(), "D", delivered.at(), "L", read.at()), opened.letterTimes());
        assertEquals(2, opened.dispatchedAttempt());
        assertEquals(6, opened.events());
    }
}
