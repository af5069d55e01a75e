package fr.messagerie.tracking;

import fr.messagerie.consultations.ConsultationStore;
import fr.messagerie.delivery.AccessLinks;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryLog;
import fr.messagerie.delivery.DeliveryProjection;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.DeliveryView;
import fr.messagerie.delivery.DispatchClaims;
import fr.messagerie.delivery.InMemoryDeliveryStore;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterText;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.RichText;
import fr.messagerie.recipient.Reply;
import fr.messagerie.recipient.ReplyStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The tracking list in memory, over the same deliveries as the {@link DeliveryStore} it also is, as
 * {@code DynamoDeliveryStore} is both: the letter facts copied on each line when the delivery is created, the status
 * and the E, D, L, R times of each line as the projection folds them, the reply's excerpt once it is saved, the
 * favourites (a star makes a concurrent append stale, as on the delivery item), and the counts per consultation kept
 * by every status change and star, recounted from the lines when missing or older than {@link #RECOUNT_AFTER} by the
 * injected clock, and versioned so that a recount never overwrites a change made while it read the lines.
 *
 * <p>The event logs, claims and replies are those of an {@link InMemoryDeliveryStore}; tokens expire as in the
 * DynamoDB store ({@code validUntil}).
 */
public final class InMemoryTrackingStore implements TrackingStore, DeliveryStore, DeliveryLog, DispatchClaims,
        AccessLinks, ReplyStore {
    /** The same period as {@code DynamoDeliveryStore.RECOUNT_AFTER}. */
    public static final Duration RECOUNT_AFTER = Duration.ofMinutes(10);

    /** What a line copies of its letter at creation, its star and its reply's excerpt. */
    private static final class StoredLine {
        final LetterType letterType;
        final String subject;
        final String excerpt;
        final ReplyOptions replyOptions;
        final String search;
        boolean favorite;
        String replyExcerpt;

        StoredLine(LetterType letterType, String subject, String excerpt, ReplyOptions replyOptions, String search) {
            this.letterType = letterType;
            this.subject = subject;
            this.excerpt = excerpt;
            this.replyOptions = replyOptions;
            this.search = search;
        }
    }

    /** The COUNTS item of a consultation: n_STATUS and f_STATUS, its version, when it was last recounted. */
    private static final class CountsItem {
        final Map<String, Long> values = new HashMap<>();
        long version;
        Instant recountedAt;
    }

    private final InMemoryDeliveryStore log = new InMemoryDeliveryStore();
    private final Clock clock;
    private final ConsultationStore consultations;
    /** Per consultation, what its content filters search first, as DynamoDeliveryStore writes it. */
    private final Map<String, Map<String, SearchedLetter>> searchedLetters = new HashMap<>();
    private final Map<String, Set<SearchedRecipient>> searchedRecipients = new HashMap<>();
    private final Set<String> recipientsOverflow = new java.util.HashSet<>();
    private final Map<String, StoredLine> lines = new LinkedHashMap<>();
    private final Map<String, CountsItem> counts = new HashMap<>();
    private Runnable beforeNextRecountWrite;
    private boolean loseNextCountChange;
    private int recounts;

    /**
     * @param clock         when the counts are recounted
     * @param consultations what {@link #header} reads beside the counts
     */
    public InMemoryTrackingStore(Clock clock, ConsultationStore consultations) {
        this.clock = clock;
        this.consultations = consultations;
    }

    /** The consultation's recipients no longer fit the store's sets: its content filters read every line. */
    public synchronized void overflowRecipients(String organismId, String consultationId) {
        recipientsOverflow.add(key(organismId, consultationId));
    }

    /** Runs once between the reading of the lines and the write of a recount, as a concurrent writer would. */
    public synchronized void beforeNextRecountWrite(Runnable writer) {
        beforeNextRecountWrite = writer;
    }

    /** The next change of the counts is lost, as when the process crashes between a write and its count. */
    public synchronized void loseNextCountChange() {
        loseNextCountChange = true;
    }

    /** How many times the counts were recounted from the lines (a date range counts its lines apart). */
    public synchronized int recounts() {
        return recounts;
    }

    // DeliveryStore

    @Override
    public void createIfAbsent(Delivery delivery, Letter letter) {
        createIfAbsent(delivery, letter, LetterText.of(letter));
    }

    @Override
    public synchronized void createIfAbsent(Delivery delivery, Letter letter, LetterText text) {
        String consultation = key(delivery.organismId(), delivery.consultationId());
        searchedLetters.computeIfAbsent(consultation, k -> new LinkedHashMap<>()).put(letter.id(),
                new SearchedLetter(letter.id(), letter.type(), ContentSearch.letterText(text)));
        searchedRecipients.computeIfAbsent(consultation, k -> new LinkedHashSet<>()).add(new SearchedRecipient(
                delivery.recipient().key(), ContentSearch.recipientText(delivery.recipient())));
        if (log.find(delivery.id()).isPresent()) {
            return;
        }
        log.createIfAbsent(delivery, letter);
        lines.put(delivery.id(), new StoredLine(letter.type(), letter.subject(), text.excerpt(), letter.replyOptions(),
                String.join(" ", text.searchText(), delivery.recipient().email(),
                        Objects.toString(delivery.recipient().name(), ""),
                        Objects.toString(delivery.recipient().company(), "")).toLowerCase(Locale.ROOT)));
        count(delivery, Map.of("n_" + DeliveryStatus.SENDING.name(), 1L));
    }

    @Override
    public synchronized Optional<Delivery> find(String deliveryId) {
        return log.find(deliveryId);
    }

    @Override
    public synchronized Optional<WithLog> findWithLog(String deliveryId) {
        return log.findWithLog(deliveryId);
    }

    @Override
    public synchronized List<DeliveryView> ofLetter(String letterId) {
        return log.ofLetter(letterId);
    }

    @Override
    public synchronized List<DeliveryEvent> events(String deliveryId) {
        return log.events(deliveryId);
    }

    @Override
    public synchronized Optional<LogHead> head(String deliveryId) {
        return log.head(deliveryId).map(h -> new LogHead(h.delivery(), h.projection(), lines.get(deliveryId).favorite,
                h.links()));
    }

    /** As the DynamoDB transaction: a known event first, then a log or a star moved since the head, then the write. */
    @Override
    public synchronized Append append(String deliveryId, LogHead head, DeliveryEvent event, DeliveryProjection after) {
        Optional<LogHead> stored = log.head(deliveryId);
        if (stored.isEmpty()) {
            return Append.STALE;
        }
        if (log.events(deliveryId).stream().anyMatch(e -> e.id().equals(event.id()))) {
            return Append.DUPLICATE;
        }
        StoredLine line = lines.get(deliveryId);
        if (line.favorite != head.favorite()) {
            return Append.STALE;
        }
        Append appended = log.append(deliveryId, new LogHead(head.delivery(), head.projection(), false), event, after);
        DeliveryStatus before = head.projection().status();
        if (appended == Append.APPENDED && before != after.status()) {
            Map<String, Long> changes = new HashMap<>(Map.of("n_" + before.name(), -1L,
                    "n_" + after.status().name(), 1L));
            if (line.favorite) {
                changes.put("f_" + before.name(), -1L);
                changes.put("f_" + after.status().name(), 1L);
            }
            count(head.delivery(), changes);
        }
        return appended;
    }

    @Override
    public synchronized DispatchClaim claim(String deliveryId, int attempt, Instant now, Duration lease,
                                            AccessGrant grant) {
        return log.claim(deliveryId, attempt, now, lease, grant);
    }

    @Override
    public synchronized void releaseClaim(String deliveryId, int attempt) {
        log.releaseClaim(deliveryId, attempt);
    }

    /** A link of before, stored by its token's hash alone ({@link InMemoryDeliveryStore#legacyLink}). */
    public synchronized void legacyLink(String tokenHash, String deliveryId) {
        log.legacyLink(tokenHash, deliveryId);
    }

    @Override
    public synchronized Optional<String> deliveryOfToken(String tokenHash, Instant now) {
        return log.deliveryOfToken(tokenHash, now);
    }

    @Override
    public synchronized List<DeliveryView> toRecipient(String organismId, String consultationId, String recipientKey) {
        return log.toRecipient(organismId, consultationId, recipientKey);
    }

    @Override
    public synchronized boolean saveReply(Reply reply) {
        if (!log.saveReply(reply)) {
            return false;
        }
        lines.get(reply.deliveryId()).replyExcerpt = RichText.excerpt(reply.body(), 200);
        return true;
    }

    @Override
    public synchronized Optional<Reply> reply(String deliveryId) {
        return log.reply(deliveryId);
    }

    // TrackingStore

    @Override
    public synchronized List<TrackingRow> rows(String organismId, String consultationId, Instant from, Instant to) {
        List<TrackingRow> rows = new ArrayList<>();
        for (Map.Entry<String, StoredLine> entry : lines.entrySet()) {
            LogHead head = log.head(entry.getKey()).orElseThrow();
            Delivery delivery = head.delivery();
            if (delivery.organismId().equals(organismId) && delivery.consultationId().equals(consultationId)
                    && (from == null || !delivery.createdAt().isBefore(from))
                    && (to == null || delivery.createdAt().isBefore(to))) {
                rows.add(row(head, entry.getValue()));
            }
        }
        rows.sort(NEWEST_FIRST);
        return rows;
    }

    /** The order of the tracking indexes: sentAt#deliveryId, read backwards. */
    private static final Comparator<TrackingRow> NEWEST_FIRST = Comparator.comparing(TrackingRow::sentAt)
            .thenComparing(TrackingRow::deliveryId).reversed();

    @Override
    public synchronized Optional<Counts> storedCounts(String organismId, String consultationId) {
        CountsItem stored = counts.get(key(organismId, consultationId));
        boolean fresh = stored != null && stored.recountedAt != null
                && stored.recountedAt.isAfter(clock.instant().minus(RECOUNT_AFTER));
        if (!fresh) {
            return Optional.empty();
        }
        Map<DeliveryStatus, Integer> byStatus = new EnumMap<>(DeliveryStatus.class);
        Map<DeliveryStatus, Integer> favorites = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            long n = stored.values.getOrDefault("n_" + status.name(), 0L);
            long f = stored.values.getOrDefault("f_" + status.name(), 0L);
            if (n > 0) {
                byStatus.put(status, (int) n);
            }
            if (f > 0) {
                favorites.put(status, (int) f);
            }
        }
        return Optional.of(new Counts(byStatus, favorites));
    }

    @Override
    public synchronized Counts counts(String organismId, String consultationId, Instant from, Instant to) {
        if (from != null || to != null) {
            return countRows(organismId, consultationId, from, to);
        }
        Optional<Counts> fresh = storedCounts(organismId, consultationId);
        if (fresh.isPresent()) {
            return fresh.get();
        }
        String key = key(organismId, consultationId);
        CountsItem stored = counts.get(key);
        long version = stored == null ? 0 : stored.version;
        Counts counted = countRows(organismId, consultationId, null, null);
        recounts++;
        Runnable writer = beforeNextRecountWrite;
        beforeNextRecountWrite = null;
        if (writer != null) {
            writer.run();
        }
        CountsItem current = counts.get(key);
        if (current == null || current.version == version) {
            // A put of the whole item, as in DynamoDB: at the version read, with the time of the recount.
            CountsItem recounted = new CountsItem();
            counted.byStatus().forEach((status, n) -> recounted.values.put("n_" + status.name(), (long) n));
            counted.favoritesByStatus().forEach((status, n) -> recounted.values.put("f_" + status.name(), (long) n));
            recounted.version = version;
            recounted.recountedAt = clock.instant();
            counts.put(key, recounted);
        }
        // Otherwise the counts moved while the lines were read: kept, the next call recounts.
        return counted;
    }

    private Counts countRows(String organismId, String consultationId, Instant from, Instant to) {
        Map<DeliveryStatus, Integer> byStatus = new EnumMap<>(DeliveryStatus.class);
        Map<DeliveryStatus, Integer> favorites = new EnumMap<>(DeliveryStatus.class);
        for (TrackingRow row : rows(organismId, consultationId, from, to)) {
            byStatus.merge(row.status(), 1, Integer::sum);
            if (row.favorite()) {
                favorites.merge(row.status(), 1, Integer::sum);
            }
        }
        return new Counts(byStatus, favorites);
    }

    @Override
    public synchronized List<TrackingRow> page(String organismId, String consultationId, Instant from, Instant to,
                                               Set<DeliveryStatus> statuses, boolean favoritesOnly, Position after,
                                               int limit) {
        return rows(organismId, consultationId, from, to).stream()
                .filter(row -> statuses.isEmpty() || statuses.contains(row.status()))
                .filter(row -> !favoritesOnly || row.favorite())
                .filter(row -> after == null || row.sentAt().isBefore(after.sentAt())
                        || row.sentAt().equals(after.sentAt()) && row.deliveryId().compareTo(after.deliveryId()) < 0)
                .limit(limit).toList();
    }

    @Override
    public synchronized Header header(String organismId, String consultationId) {
        return new Header(consultations.find(organismId, consultationId).map(c -> c.organismId()),
                storedCounts(organismId, consultationId));
    }

    @Override
    public synchronized List<SearchedLetter> searchedLetters(String organismId, String consultationId) {
        return List.copyOf(searchedLetters.getOrDefault(key(organismId, consultationId), Map.of()).values());
    }

    @Override
    public synchronized Optional<List<SearchedRecipient>> searchedRecipients(String organismId,
                                                                             String consultationId) {
        String consultation = key(organismId, consultationId);
        return recipientsOverflow.contains(consultation) ? Optional.empty()
                : Optional.of(List.copyOf(searchedRecipients.getOrDefault(consultation, Set.of())));
    }

    @Override
    public synchronized List<Line> letterLines(String letterId, Instant from, Instant to) {
        List<TrackingRow> rows = new ArrayList<>();
        for (Map.Entry<String, StoredLine> entry : lines.entrySet()) {
            LogHead head = log.head(entry.getKey()).orElseThrow();
            Instant sentAt = head.delivery().createdAt();
            if (head.delivery().letterId().equals(letterId) && (from == null || !sentAt.isBefore(from))
                    && (to == null || sentAt.isBefore(to))) {
                rows.add(row(head, entry.getValue()));
            }
        }
        rows.sort(NEWEST_FIRST);
        return rows.stream().map(TrackingStore.Line::of).toList();
    }

    @Override
    public synchronized List<TrackingRow> rowsTo(String organismId, String consultationId, String recipientKey,
                                                 Instant from, Instant to) {
        return rows(organismId, consultationId, from, to).stream()
                .filter(row -> row.recipient().key().equals(recipientKey)).toList();
    }

    @Override
    public synchronized List<TrackingRow> rows(List<String> deliveryIds) {
        List<TrackingRow> rows = new ArrayList<>();
        for (String id : deliveryIds) {
            log.head(id).ifPresent(head -> rows.add(row(head, lines.get(id))));
        }
        return rows;
    }

    @Override
    public synchronized boolean setFavorite(String deliveryId, boolean favorite) {
        Optional<LogHead> head = log.head(deliveryId);
        if (head.isEmpty()) {
            return false;
        }
        StoredLine line = lines.get(deliveryId);
        if (line.favorite != favorite) {
            line.favorite = favorite;
            count(head.get().delivery(), Map.of("f_" + head.get().projection().status().name(), favorite ? 1L : -1L));
        }
        return true;
    }

    /** ADD to the counts item and to its version; an item created so has no recount time, so it is recounted. */
    private void count(Delivery delivery, Map<String, Long> changes) {
        if (loseNextCountChange) {
            loseNextCountChange = false;
            return;
        }
        CountsItem item = counts.computeIfAbsent(key(delivery.organismId(), delivery.consultationId()),
                k -> new CountsItem());
        changes.forEach((name, delta) -> item.values.merge(name, delta, Long::sum));
        item.version++;
    }

    private static TrackingRow row(LogHead head, StoredLine line) {
        Delivery delivery = head.delivery();
        DeliveryProjection projection = head.projection();
        Map<String, Instant> times = projection.letterTimes();
        return new TrackingRow(delivery.id(), delivery.letterId(), delivery.createdAt(), projection.status(),
                line.letterType, line.subject, line.excerpt, delivery.recipient(), times.get("E"), times.get("D"),
                times.get("L"), times.get("R"), line.favorite, projection.reason(), line.replyExcerpt,
                line.replyOptions, line.search);
    }

    private static String key(String organismId, String consultationId) {
        return organismId + "#" + consultationId;
    }
}
