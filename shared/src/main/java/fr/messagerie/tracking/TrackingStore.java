package fr.messagerie.tracking;

import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.letters.LetterType;

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

    /**
     * Whether the consultation is stored, and its kept counts when they need no recount, read together. Only reads,
     * so it may run beside the reads of a page.
     */
    Header header(String organismId, String consultationId);

    /** @param organismId the organism of the consultation stored under these keys, if one is (the caller checks) */
    record Header(Optional<String> organismId, Optional<Counts> counts) {
    }

    // What the content filters (keywords, type, recipient) read first: a line's text is its letter's plus its
    // recipient's, so they match letters and recipients, then read only the lines that can match.

    /** The letters sent in the consultation, with the text their lines are searched in ({@link ContentSearch}). */
    List<SearchedLetter> searchedLetters(String organismId, String consultationId);

    /** @param text {@link ContentSearch#letterText} */
    record SearchedLetter(String letterId, LetterType type, String text) {
    }

    /**
     * Every recipient of the consultation's deliveries (corrected addresses included), once per address and spelling
     * of name and company; empty when the store could not keep them all (the filters then read every line).
     */
    Optional<List<SearchedRecipient>> searchedRecipients(String organismId, String consultationId);

    /** @param text {@link ContentSearch#recipientText}, which contains whatever the recipient's fields contain */
    record SearchedRecipient(String recipientKey, String text) {
    }

    /** The lines of one letter sent within [from, to), newest first: what a count and a merge need only. */
    List<Line> letterLines(String letterId, Instant from, Instant to);

    record Line(String deliveryId, Instant sentAt, DeliveryStatus status, boolean favorite) {
        static Line of(TrackingRow row) {
            return new Line(row.deliveryId(), row.sentAt(), row.status(), row.favorite());
        }
    }

    /** The consultation's lines to one address sent within [from, to), newest first. */
    List<TrackingRow> rowsTo(String organismId, String consultationId, String recipientKey, Instant from, Instant to);

    /** The lines of these deliveries, in this order (an unknown id is skipped). */
    List<TrackingRow> rows(List<String> deliveryIds);

    /** Marks a line as a favourite or not; false when the delivery does not exist. */
    boolean setFavorite(String deliveryId, boolean favorite);
}
