package fr.messagerie.delivery;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one order of a delivery's events, for the thread, the proof and the company's pages. */
class EventOrderTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static DeliveryEvent event(String id, EventType type, Instant at) {
        return new DeliveryEvent(id, type, at, 1, "SES", Map.of());
    }

    @Test
    void events_come_by_time_then_by_id() {
        DeliveryEvent sent = event("sent:d:1", EventType.SENT, T0);
        DeliveryEvent delivered = event("ses:delivery", EventType.DELIVERED, T0.plusSeconds(9));
        DeliveryEvent read = event("read:d", EventType.READ, T0.plusSeconds(60));
        // Two events of the same instant: the id decides, whatever order the store gives them in.
        DeliveryEvent b = event("b", EventType.DELAYED, T0.plusSeconds(30));
        DeliveryEvent a = event("a", EventType.DELAYED, T0.plusSeconds(30));
        assertEquals(List.of(sent, delivered, a, b, read),
                DeliveryEvent.chronological(List.of(read, b, delivered, a, sent)));
        assertEquals(List.of(sent, delivered, a, b, read),
                DeliveryEvent.chronological(List.of(a, sent, read, delivered, b)));
    }

    @Test
    void the_comparator_and_the_sorted_list_agree() {
        List<DeliveryEvent> events = new ArrayList<>(List.of(event("z", EventType.READ, T0.plusSeconds(1)),
                event("y", EventType.SENT, T0), event("x", EventType.DELIVERED, T0)));
        List<DeliveryEvent> sorted = DeliveryEvent.chronological(events);
        events.sort(DeliveryEvent.ORDER);
        assertEquals(sorted, events);
        assertEquals(List.of("x", "y", "z"), sorted.stream().map(DeliveryEvent::id).toList());
    }
}
