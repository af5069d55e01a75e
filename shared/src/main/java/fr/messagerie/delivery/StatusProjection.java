package fr.messagerie.delivery;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The projection of a whole event log, for the views that hold it (thread, proof, history): the rules are those of
 * {@link DeliveryProjection}, so the same set of events gives the same status whatever their order of arrival and
 * however often each was recorded.
 */
public final class StatusProjection {

    private StatusProjection() {
    }

    public static DeliveryStatus of(Collection<DeliveryEvent> events) {
        return DeliveryProjection.of(events).status();
    }

    /** The failure that makes the latest attempt "Non délivré", chosen deterministically when there are several. */
    public static Optional<DeliveryEvent> failure(Collection<DeliveryEvent> events) {
        DeliveryProjection.Failure failure = DeliveryProjection.of(events).failure();
        return failure == null ? Optional.empty()
                : events.stream().filter(e -> e.id().equals(failure.eventId())).findFirst();
    }

    /** The times shown under the letters E, D, L and R of the tracking list. */
    public static Map<String, Instant> letterTimes(Collection<DeliveryEvent> events) {
        return DeliveryProjection.of(events).letterTimes();
    }

    public static int latestAttempt(Collection<DeliveryEvent> events) {
        return DeliveryProjection.of(events).latestAttempt();
    }
}
