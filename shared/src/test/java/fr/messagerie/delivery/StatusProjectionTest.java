package fr.messagerie.delivery;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusProjectionTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static DeliveryEvent event(EventType type, int attempt, int second) {
        return new DeliveryEvent(type + ":" + attempt + ":" + second, type, T0.plusSeconds(second), attempt, "test",
                type.isFailure() ? Map.of(DeliveryEvent.REASON, "raison " + second) : Map.of());
    }

    private static final DeliveryEvent SENT = event(EventType.SENT, 1, 0);
    private static final DeliveryEvent DELAYED = event(EventType.DELAYED, 1, 5);
    private static final DeliveryEvent DELIVERED = event(EventType.DELIVERED, 1, 10);
    private static final DeliveryEvent BOUNCED = event(EventType.BOUNCED, 1, 20);
    private static final DeliveryEvent COMPLAINED = event(EventType.COMPLAINED, 1, 25);
    private static final DeliveryEvent COMPLAINED_EARLY = event(EventType.COMPLAINED, 1, 15);
    private static final DeliveryEvent REJECTED = event(EventType.REJECTED, 1, 1);
    private static final DeliveryEvent REJECTED_LATE = event(EventType.REJECTED, 1, 45);
    private static final DeliveryEvent READ = event(EventType.READ, 1, 30);
    private static final DeliveryEvent REPLIED = event(EventType.REPLIED, 1, 40);
    private static final DeliveryEvent REPLY_READ = event(EventType.REPLY_READ, 1, 50);
    private static final DeliveryEvent RESENT = event(EventType.RESENT, 2, 60);
    private static final DeliveryEvent SENT_AGAIN = event(EventType.SENT, 2, 61);
    private static final DeliveryEvent DELIVERED_AGAIN = event(EventType.DELIVERED, 2, 70);
    private static final DeliveryEvent BOUNCED_AGAIN = event(EventType.BOUNCED, 2, 71);

    @Test
    void disabling_the_access_link_changes_no_status() {
        List<List<DeliveryEvent>> logs = List.of(List.of(SENT), List.of(SENT, DELIVERED), List.of(SENT, BOUNCED),
                List.of(SENT, DELIVERED, READ), List.of(SENT, READ, REPLIED), List.of(SENT, READ, REPLIED, REPLY_READ),
                List.of(SENT, BOUNCED, RESENT, SENT_AGAIN, DELIVERED_AGAIN));
        for (List<DeliveryEvent> log : logs) {
            List<DeliveryEvent> revoked = new ArrayList<>(log);
            revoked.add(new DeliveryEvent("link-revoked:d", EventType.LINK_REVOKED, T0.plusSeconds(90),
                    StatusProjection.latestAttempt(log), "agent-1", Map.of()));
            assertEquals(StatusProjection.of(log), StatusProjection.of(revoked), log.toString());
            assertEquals(StatusProjection.letterTimes(log), StatusProjection.letterTimes(revoked));
            assertEquals(StatusProjection.failure(log), StatusProjection.failure(revoked));
        }
    }

    @Test
    void an_empty_log_is_still_being_sent() {
        assertEquals(DeliveryStatus.SENDING, StatusProjection.of(List.of()));
    }

    @Test
    void every_order_and_every_duplication_of_a_log_gives_the_same_status() {
        expect(DeliveryStatus.SENDING, SENT);
        expect(DeliveryStatus.SENDING, SENT, DELAYED);
        expect(DeliveryStatus.DELIVERED, SENT, DELAYED, DELIVERED);
        expect(DeliveryStatus.NOT_DELIVERED, SENT, BOUNCED);
        expect(DeliveryStatus.NOT_DELIVERED, SENT, DELIVERED, BOUNCED);
        expect(DeliveryStatus.NOT_DELIVERED, REJECTED);
        expect(DeliveryStatus.READ, SENT, READ);
        expect(DeliveryStatus.READ, SENT, DELIVERED, BOUNCED, READ);
        expect(DeliveryStatus.REPLY_UNREAD, SENT, DELIVERED, READ, REPLIED);
        expect(DeliveryStatus.REPLY_UNREAD, SENT, REPLIED);
        expect(DeliveryStatus.REPLY_READ, SENT, DELIVERED, READ, REPLIED, REPLY_READ);
        expect(DeliveryStatus.SENDING, SENT, BOUNCED, RESENT, SENT_AGAIN);
        expect(DeliveryStatus.DELIVERED, SENT, BOUNCED, RESENT, SENT_AGAIN, DELIVERED_AGAIN);
        expect(DeliveryStatus.NOT_DELIVERED, SENT, BOUNCED, RESENT, SENT_AGAIN, BOUNCED_AGAIN);
        expect(DeliveryStatus.NOT_DELIVERED, SENT, BOUNCED, RESENT, SENT_AGAIN, DELIVERED_AGAIN, BOUNCED_AGAIN);
    }

    @Test
    void a_complaint_is_no_failure_it_keeps_the_status_and_proves_delivery() {
        expect(DeliveryStatus.DELIVERED, SENT, DELIVERED, COMPLAINED);
        expect(DeliveryStatus.DELIVERED, SENT, COMPLAINED);
        expect(DeliveryStatus.DELIVERED, COMPLAINED);
        expect(DeliveryStatus.DELIVERED, SENT, DELAYED, COMPLAINED);
        expect(DeliveryStatus.READ, SENT, DELIVERED, COMPLAINED, READ);
        expect(DeliveryStatus.REPLY_UNREAD, SENT, COMPLAINED, REPLIED);
        // A later bounce still wins, as after a Delivery.
        expect(DeliveryStatus.NOT_DELIVERED, SENT, DELIVERED, COMPLAINED, BOUNCED);
        expect(DeliveryStatus.NOT_DELIVERED, SENT, COMPLAINED_EARLY, BOUNCED);
        // Only the latest attempt counts: a complaint about the first mail does not make the resend delivered.
        expect(DeliveryStatus.SENDING, SENT, COMPLAINED, BOUNCED, RESENT, SENT_AGAIN);

        assertTrue(StatusProjection.failure(List.of(SENT, DELIVERED, COMPLAINED)).isEmpty(),
                "never a non-delivery reason");
        assertEquals(BOUNCED, StatusProjection.failure(List.of(SENT, COMPLAINED_EARLY, BOUNCED)).orElseThrow());
        // The D of the tracking list stays SES's delivery time: a complaint does not say when the mail arrived.
        assertEquals(Map.of("E", SENT.at()), StatusProjection.letterTimes(List.of(SENT, COMPLAINED)));
        assertEquals(Map.of("E", SENT.at(), "D", DELIVERED.at()),
                StatusProjection.letterTimes(List.of(SENT, DELIVERED, COMPLAINED)));
    }

    @Test
    void the_failure_shown_is_the_first_of_the_latest_attempt_whatever_the_order() {
        List<DeliveryEvent> log = List.of(SENT, DELIVERED, COMPLAINED_EARLY, BOUNCED, REJECTED_LATE);
        for (List<DeliveryEvent> ordering : permutations(log)) {
            assertEquals(BOUNCED, StatusProjection.failure(ordering).orElseThrow());
        }
        assertEquals(BOUNCED_AGAIN, StatusProjection.failure(List.of(BOUNCED, RESENT, BOUNCED_AGAIN)).orElseThrow());
        assertTrue(StatusProjection.failure(List.of(SENT, BOUNCED, RESENT, SENT_AGAIN)).isEmpty());
    }

    private static void expect(DeliveryStatus expected, DeliveryEvent... events) {
        List<List<DeliveryEvent>> orderings = permutations(List.of(events));
        for (List<DeliveryEvent> ordering : orderings) {
            assertEquals(expected, StatusProjection.of(ordering), () -> "order " + ordering);
            List<DeliveryEvent> doubled = new ArrayList<>();
            ordering.forEach(e -> {
                doubled.add(e);
                doubled.add(e);
            });
            assertEquals(expected, StatusProjection.of(doubled), () -> "each twice " + doubled);
            List<DeliveryEvent> replayed = new ArrayList<>(ordering);
            List<DeliveryEvent> reversed = new ArrayList<>(ordering);
            Collections.reverse(reversed);
            replayed.addAll(reversed);
            assertEquals(expected, StatusProjection.of(replayed), () -> "replayed " + replayed);
        }
    }

    private static List<List<DeliveryEvent>> permutations(List<DeliveryEvent> events) {
        if (events.size() <= 1) {
            return List.of(events);
        }
        List<List<DeliveryEvent>> result = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            List<DeliveryEvent> rest = new ArrayList<>(events);
            DeliveryEvent head = rest.remove(i);
            for (List<DeliveryEvent> tail : permutations(rest)) {
                List<DeliveryEvent> ordering = new ArrayList<>();
                ordering.add(head);
                ordering.addAll(tail);
                result.add(ordering);
            }
        }
        return result;
    }
}
