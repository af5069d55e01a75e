package fr.messagerie.delivery;

import fr.messagerie.letters.Recipient;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecordDeliveryEventTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private final InMemoryDeliveryStore store = new InMemoryDeliveryStore();
    private final RecordDeliveryEvent record = new RecordDeliveryEvent(store);

    RecordDeliveryEventTest() {
        store.createIfAbsent(new Delivery("d1", "l1", "c1", "o1", Recipient.typed("oe@example.com"), T0, null), null);
    }

    private static DeliveryEvent event(String id, EventType type, int second) {
        return new DeliveryEvent(id, type, T0.plusSeconds(second), 1, "SES",
                type.isFailure() ? Map.of(DeliveryEvent.REASON, "Adresse inexistante") : Map.of());
    }

    @Test
    void an_event_is_recorded_once_and_the_status_follows() {
        assertEquals(RecordDeliveryEvent.Outcome.RECORDED, record.record("d1", event("sent", EventType.SENT, 0)));
        assertEquals(RecordDeliveryEvent.Outcome.RECORDED,
                record.record("d1", event("delivery", EventType.DELIVERED, 2)));
        assertEquals(RecordDeliveryEvent.Outcome.DUPLICATE,
                record.record("d1", event("delivery", EventType.DELIVERED, 2)));
        assertEquals(DeliveryStatus.DELIVERED, store.projection("d1").status());
        assertEquals(2, store.events("d1").size());
        assertEquals(2, store.projection("d1").events());
    }

    @Test
    void an_event_of_an_unknown_delivery_writes_nothing() {
        assertEquals(RecordDeliveryEvent.Outcome.UNKNOWN_DELIVERY,
                record.record("other", event("sent", EventType.SENT, 0)));
        assertEquals(0, store.appends);
    }

    @Test
    void an_event_recorded_meanwhile_by_another_writer_is_kept_and_folded_with_ours() {
        record.record("d1", event("sent", EventType.SENT, 0));
        // A bounce lands between our read of the head and our write of the delivery.
        store.beforeNextAppend(() -> new RecordDeliveryEvent(store).record("d1",
                event("bounce", EventType.BOUNCED, 3)));
        assertEquals(RecordDeliveryEvent.Outcome.RECORDED,
                record.record("d1", event("delivery", EventType.DELIVERED, 2)));
        assertEquals(List.of("sent", "bounce", "delivery"), store.events("d1").stream().map(DeliveryEvent::id).toList());
        assertEquals(DeliveryStatus.NOT_DELIVERED, store.projection("d1").status(), "the later bounce wins");
        assertEquals("Adresse inexistante", store.projection("d1").reason());
    }

    @Test
    void a_star_given_meanwhile_makes_the_write_start_again() {
        store.beforeNextAppend(() -> store.star("d1", true));
        assertEquals(RecordDeliveryEvent.Outcome.RECORDED, record.record("d1", event("sent", EventType.SENT, 0)));
        assertEquals(2, store.appends, "the first write found the star and was read again");
    }

    @Test
    void a_delivery_that_never_stops_changing_fails_without_writing_so_that_the_caller_retries() {
        InMemoryDeliveryStore busy = new InMemoryDeliveryStore();
        busy.createIfAbsent(new Delivery("d1", "l1", "c1", "o1", Recipient.typed("oe@example.com"), T0, null), null);
        RecordDeliveryEvent recorder = new RecordDeliveryEvent(busy);
        int[] n = {0};
        Runnable[] other = new Runnable[1];
        other[0] = () -> {
            new RecordDeliveryEvent(busy).record("d1", event("delay" + n[0]++, EventType.DELAYED, n[0]));
            if (n[0] < 100) {
                busy.beforeNextAppend(other[0]);
            }
        };
        busy.beforeNextAppend(other[0]);
        assertThrows(IllegalStateException.class, () -> recorder.record("d1", event("sent", EventType.SENT, 0)));
        assertEquals(0, busy.events("d1").stream().filter(e -> e.id().equals("sent")).count());
    }
}
