package fr.messagerie.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The status shown for a delivery, as a pure function of its whole event log: the same set of events gives the
 * same status whatever their order of arrival and however often each was recorded.
 */
public final class StatusProjection {

    private StatusProjection() {
    }

    public static DeliveryStatus of(Collection<DeliveryEvent> events) {
        if (has(events, EventType.REPLIED)) {
            return has(events, EventType.REPLY_READ) ? DeliveryStatus.REPLY_READ : DeliveryStatus.REPLY_UNREAD;
        }
        // Reading or replying proves delivery, whatever SES says (or never says).
        if (has(events, EventType.READ)) {
            return DeliveryStatus.READ;
        }
        int attempt = latestAttempt(events);
        boolean failed = false;
        boolean delivered = false;
        for (DeliveryEvent event : events) {
            if (event.attempt() == attempt) {
                failed |= event.type().isFailure();
                // SES sends a Complaint only for a mail it delivered: it proves delivery, even without the Delivery.
                delivered |= event.type() == EventType.DELIVERED || event.type() == EventType.COMPLAINED;
            }
        }
        // A bounce may arrive after a Delivery or a Complaint (asynchronous bounce): the failure wins.
        if (failed) {
            return DeliveryStatus.NOT_DELIVERED;
        }
        return delivered ? DeliveryStatus.DELIVERED : DeliveryStatus.SENDING;
    }

    /** The failure that makes the latest attempt "Non délivré", chosen deterministically when there are several. */
    public static Optional<DeliveryEvent> failure(Collection<DeliveryEvent> events) {
        int attempt = latestAttempt(events);
        return events.stream()
                .filter(e -> e.attempt() == attempt && e.type().isFailure())
                .min(Comparator.comparing(DeliveryEvent::at).thenComparing(DeliveryEvent::id));
    }

    /**
     * The times shown under the letters E, D, L and R of the tracking list: E and D of the latest attempt, L and R of
     * the delivery; the earliest when a fact was reported several times.
     */
    public static Map<String, Instant> letterTimes(Collection<DeliveryEvent> events) {
        int attempt = latestAttempt(events);
        Map<String, Instant> times = new TreeMap<>();
        for (DeliveryEvent event : events) {
            String letter = event.type().letter();
            boolean counts = event.type() == EventType.READ || event.type() == EventType.REPLIED
                    || event.attempt() == attempt;
            if (letter != null && counts) {
                times.merge(letter, event.at(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return times;
    }

    public static int latestAttempt(Collection<DeliveryEvent> events) {
        return events.stream().mapToInt(DeliveryEvent::attempt).max().orElse(1);
    }

    private static boolean has(Collection<DeliveryEvent> events, EventType type) {
        return events.stream().anyMatch(e -> e.type() == type);
    }
}
