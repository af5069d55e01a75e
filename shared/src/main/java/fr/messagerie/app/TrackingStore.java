package fr.messagerie.app;

import java.time.Instant;
import java.util.List;

/** The tracking lines of a consultation, newest first, sent within [from, to) (either bound may be null). */
public interface TrackingStore {
    List<TrackingRow> rows(String consultationId, Instant from, Instant to);

    /** Marks a line as a favourite or not; false when the delivery does not exist. */
    boolean setFavorite(String deliveryId, boolean favorite);
}
