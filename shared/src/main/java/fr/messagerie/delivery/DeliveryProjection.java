package fr.messagerie.delivery;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a delivery's event log shows (its status, the reason it was not delivered, the E, D, L and R times, the last
 * attempt handed to the mail service), folded one event at a time, so that recording an event needs the stored
 * projection and not the whole log. Folding the same set of distinct events in any order gives the same projection
 * (only {@code events}, the number folded, counts duplicates: the log never folds an event twice).
 *
 * <p>The rules: a reply, then a reading, prove delivery whatever the mail service says; otherwise the latest attempt
 * decides: a failure (bounce, refusal) wins over a delivery, even one reported earlier (asynchronous bounce), and a
 * complaint proves delivery. E and D are those of the latest attempt, L and R those of the delivery; the earliest
 * time when a fact was reported several times.
 *
 * @param events            how many events were folded: the version the next append checks
 * @param latestAttempt     the highest attempt seen (1 before any event)
 * @param failure           the failure of the latest attempt that names the reason, the earliest one
 * @param dispatchedAttempt the highest attempt sent or refused by the mail service (0 if none)
 * @param linkRevoked       an agent disabled the access link ("Lien d'accès désactivé")
 */
public record DeliveryProjection(int events, int latestAttempt, boolean read, boolean replied, boolean replyRead,
                                 boolean delivered, Failure failure, Instant sentAt, Instant deliveredAt,
                                 Instant readAt, Instant repliedAt, int dispatchedAttempt, boolean linkRevoked) {

    public static final DeliveryProjection EMPTY =
            new DeliveryProjection(0, 1, false, false, false, false, null, null, null, null, null, 0, false);

    /** The failure that makes the latest attempt "Non délivré"; ties broken by event id, so any order agrees. */
    public record Failure(String eventId, Instant at, String reason) {
        static final Comparator<Failure> FIRST = Comparator.comparing(Failure::at).thenComparing(Failure::eventId);
    }

    public static DeliveryProjection of(Collection<DeliveryEvent> log) {
        DeliveryProjection projection = EMPTY;
        for (DeliveryEvent event : log) {
            projection = projection.with(event);
        }
        return projection;
    }

    /** This projection with one more event, not folded before. */
    public DeliveryProjection with(DeliveryEvent event) {
        EventType type = event.type();
        int attempt = event.attempt();
        boolean newer = attempt > latestAttempt;
        boolean current = attempt >= latestAttempt;
        // A newer attempt starts again what belongs to the attempt: its delivery, its failure, its E and D.
        boolean attemptDelivered = newer ? false : delivered;
        Failure attemptFailure = newer ? null : failure;
        Instant attemptSentAt = newer ? null : sentAt;
        Instant attemptDeliveredAt = newer ? null : deliveredAt;
        if (current) {
            attemptDelivered |= type == EventType.DELIVERED || type == EventType.COMPLAINED;
            if (type.isFailure()) {
                Failure candidate = new Failure(event.id(), event.at(), event.detail(DeliveryEvent.REASON));
                attemptFailure = attemptFailure == null || Failure.FIRST.compare(candidate, attemptFailure) < 0
                        ? candidate : attemptFailure;
            }
            if (type == EventType.SENT) {
                attemptSentAt = earliest(attemptSentAt, event.at());
            }
            if (type == EventType.DELIVERED) {
                attemptDeliveredAt = earliest(attemptDeliveredAt, event.at());
            }
        }
        boolean dispatched = type == EventType.SENT || type == EventType.REJECTED;
        return new DeliveryProjection(events + 1, Math.max(latestAttempt, attempt),
                read || type == EventType.READ, replied || type == EventType.REPLIED,
                replyRead || type == EventType.REPLY_READ, attemptDelivered, attemptFailure, attemptSentAt,
                attemptDeliveredAt, type == EventType.READ ? earliest(readAt, event.at()) : readAt,
                type == EventType.REPLIED ? earliest(repliedAt, event.at()) : repliedAt,
                dispatched ? Math.max(dispatchedAttempt, attempt) : dispatchedAttempt,
                linkRevoked || type == EventType.LINK_REVOKED);
    }

    public DeliveryStatus status() {
        if (replied) {
            return replyRead ? DeliveryStatus.REPLY_READ : DeliveryStatus.REPLY_UNREAD;
        }
        if (read) {
            return DeliveryStatus.READ;
        }
        if (failure != null) {
            return DeliveryStatus.NOT_DELIVERED;
        }
        return delivered ? DeliveryStatus.DELIVERED : DeliveryStatus.SENDING;
    }

    /** The reason shown for "Non délivré", or null. */
    public String reason() {
        return failure == null ? null : failure.reason();
    }

    /** The times under the letters E, D, L and R of the tracking list, for those that happened. */
    public Map<String, Instant> letterTimes() {
        Map<String, Instant> times = new TreeMap<>();
        put(times, EventType.SENT, sentAt);
        put(times, EventType.DELIVERED, deliveredAt);
        put(times, EventType.READ, readAt);
        put(times, EventType.REPLIED, repliedAt);
        return times;
    }

    private static void put(Map<String, Instant> times, EventType type, Instant at) {
        if (at != null) {
            times.put(type.letter(), at);
        }
    }

    private static Instant earliest(Instant known, Instant at) {
        return known == null || at.isBefore(known) ? at : known;
    }
}
