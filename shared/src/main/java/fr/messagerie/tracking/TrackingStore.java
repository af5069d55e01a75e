package fr.messagerie.tracking;

import fr.messagerie.delivery.DeliveryStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The tracking lines of a consultation, newest first, sent within [from, to) (either bound may be null). */
public interface TrackingStore {
    /** Every line: for filters on content (type, recipient, keywords), which no index answers. */
    List<TrackingRow> rows(String organismId, String consultationId, Instant from, Instant to);

    /**
     * How many lines per status, and favourites per status, reading only those two attributes; with a date range
     * it only reads (the counts kept are those of the whole list).
     */
    Counts counts(String organismId, String consultationId, Instant from, Instant to);

    /**
     * The counts of the whole list as they are kept, if they need no recount; empty otherwise ({@link #counts} then
     * recounts them). Only reads, so it may run before the agent's access is checked.
     */
    Optional<Counts> storedCounts(String organismId, String consultationId);

    /**
     * At most {@code limit} lines of the given statuses (all when empty), favourites only or not, strictly older than
     * the line {@code after} (null for the first page).
     */
    List<TrackingRow> page(String organismId, String consultationId, Instant from, Instant to,
                           Set<DeliveryStatus> statuses, boolean favoritesOnly, Position after, int limit);

    record Counts(Map<DeliveryStatus, Integer> byStatus, Map<DeliveryStatus, Integer> favoritesByStatus) {
    }

    /** Where a page ends: the send time and id of its last line. */
    record Position(Instant sentAt, String deliveryId) {
    }

    /** Marks a line as a favourite or not; false when the delivery does not exist. */
    boolean setFavorite(String deliveryId, boolean favorite);
}
