package fr.messagerie.tracking;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Reads;
import fr.messagerie.letters.Access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * "Suivi des messages": the tracking list of a consultation, filtered, counted and paged. Its reads only read, so they run beside the check of the
 * agent's access to the consultation (its id is scoped by the agent's organism) and are dropped when it fails: a
 * page costs the slowest of the header's BatchGetItem (the consultation and its counts) and the page's Query, not
 * their sum. Stale or missing counts are recounted (and written) only once the access is checked.
 */
public final class ListTracking {
    private final TrackingStore tracking;

    public ListTracking(TrackingStore tracking) {
        this.tracking = tracking;
    }

    public TrackingQuery.Page list(Agent agent, String consultationId, TrackingQuery query) {
        String organismId = agent.organismId();
        Instant from = query.fromInstant();
        Instant to = query.toInstant();
        Future<TrackingStore.Header> header = Reads.start(() -> tracking.header(organismId, consultationId));
        if (query.needsFullRead()) {
            Future<Optional<TrackingQuery.Page>> found = Reads.start(
                    () -> new ContentSearch(tracking).page(organismId, consultationId, query));
            checkAccess(organismId, Reads.joined(header));
            return Reads.joined(found).orElseGet(() -> query.apply(tracking.rows(organismId, consultationId, from,
                    to)));
        }
        // The common case reads two attributes per line for the counts (or their kept item), then just one page.
        Future<TrackingStore.Counts> rangeCounts = from == null && to == null ? null
                : Reads.start(() -> tracking.counts(organismId, consultationId, from, to));
        Future<List<TrackingRow>> page = Reads.start(() -> tracking.page(organismId, consultationId, from, to,
                query.statuses(), query.favoritesOnly(), query.after(), query.pageSize() + 1));
        TrackingStore.Header read = Reads.joined(header);
        checkAccess(organismId, read);
        TrackingStore.Counts counted = rangeCounts != null ? Reads.joined(rangeCounts) : read.counts()
                .orElseGet(() -> tracking.counts(organismId, consultationId, null, null));
        return query.page(Reads.joined(page), counted);
    }

    /** Another organism's consultation of the same id answers exactly as a missing one. */
    private static void checkAccess(String organismId, TrackingStore.Header header) {
        header.organismId().filter(organismId::equals).orElseThrow(Access::consultationNotFound);
    }
}
