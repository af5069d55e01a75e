package fr.messagerie.tracking;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Reads;
import fr.messagerie.consultations.ConsultationAccess;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

/** "Suivi des messages": the tracking list of a consultation, filtered, counted and paged. */
public final class ListTracking {
    private final ConsultationAccess consultations;
    private final TrackingStore tracking;

    public ListTracking(ConsultationAccess consultations, TrackingStore tracking) {
        this.consultations = consultations;
        this.tracking = tracking;
    }

    /**
     * The reads of the list only read, so they run beside the check of the agent's access to the consultation
     * (its id is scoped by the agent's organism) and are dropped when it fails: a page costs the slowest of the
     * consultation's GetItem, the counts' GetItem and the page's Query, not their sum. Stale or missing counts are
     * recounted (and written) only once the access is checked.
     */
    public TrackingQuery.Page list(Agent agent, String consultationId, TrackingQuery query) {
        String organismId = agent.organismId();
        Instant from = query.fromInstant();
        Instant to = query.toInstant();
        if (query.needsFullRead()) {
            Future<List<TrackingRow>> rows = Reads.start(() -> tracking.rows(organismId, consultationId, from, to));
            consultations.find(agent, consultationId);
            return query.apply(Reads.joined(rows));
        }
        // The common case reads two attributes per line for the counts (or their kept item), then just one page.
        Future<Optional<TrackingStore.Counts>> counts = Reads.start(() -> from != null || to != null
                ? Optional.of(tracking.counts(organismId, consultationId, from, to))
                : tracking.storedCounts(organismId, consultationId));
        Future<List<TrackingRow>> page = Reads.start(() -> tracking.page(organismId, consultationId, from, to,
                query.statuses(), query.favoritesOnly(), query.after(), query.pageSize() + 1));
        consultations.find(agent, consultationId);
        TrackingStore.Counts counted = Reads.joined(counts)
                .orElseGet(() -> tracking.counts(organismId, consultationId, null, null));
        return query.page(Reads.joined(page), counted);
    }
}
