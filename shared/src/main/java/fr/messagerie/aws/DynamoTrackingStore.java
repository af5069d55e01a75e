package fr.messagerie.aws;

import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.tracking.TrackingRow;
import fr.messagerie.tracking.TrackingStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.paginators.QueryIterable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static fr.messagerie.aws.DynamoItems.n;
import static fr.messagerie.aws.DynamoItems.s;
import static fr.messagerie.aws.DynamoKeys.PK;
import static fr.messagerie.aws.DynamoKeys.SK;

/**
 * The tracking list of a consultation ({@link TrackingStore}): the deliveries' items, read through GSI3 (all of a
 * consultation), GSI4 (one status), GSI5 (one letter) or GSI2 (one address), newest first, and the consultation's counts, moved by
 * {@link DynamoDeliveryStore} with each status change and here with each star. Keys: {@link DynamoKeys}; rows and
 * counts: {@link TrackingItems}.
 */
public final class DynamoTrackingStore implements TrackingStore {
    static final Duration RECOUNT_AFTER = Duration.ofMinutes(10);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoTrackingStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    /** @param clock when counts are recounted ({@link #RECOUNT_AFTER}) */
    public DynamoTrackingStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public List<TrackingRow> rows(String organismId, String consultationId, Instant from, Instant to) {
        List<TrackingRow> rows = new ArrayList<>();
        trackingQuery(DynamoKeys.tracking(organismId, consultationId), from, to, null).items()
                .forEach(item -> rows.add(TrackingItems.row(item)));
        return rows;
    }

    /**
     * Without a date range, the counts kept by every status change (one GetItem); they are recounted from the rows
     * when missing, and every {@link #RECOUNT_AFTER} so that a crash between a change and its count heals.
     */
    @Override
    public Counts counts(String organismId, String consultationId, Instant from, Instant to) {
        String partition = DynamoKeys.tracking(organismId, consultationId);
        if (from != null || to != null) {
            return countRows(partition, from, to);
        }
        Map<String, AttributeValue> stored = storedItem(organismId, consultationId);
        if (fresh(stored)) {
            return TrackingItems.counts(stored);
        }
        long version = stored == null ? 0 : DynamoItems.number(stored, TrackingItems.VERSION, 0);
        Counts counted = countRows(partition, null, null);
        Map<String, AttributeValue> item = TrackingItems.counted(organismId, consultationId, counted, version,
                clock.instant());
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK) OR version = :version")
                    .expressionAttributeValues(Map.of(":version", n(version))));
        } catch (ConditionalCheckFailedException e) {
            // The counts moved while the rows were read: keep them, the next call recounts.
        }
        return counted;
    }

    /** The counts' GetItem alone. */
    @Override
    public Optional<Counts> storedCounts(String organismId, String consultationId) {
        Map<String, AttributeValue> stored = storedItem(organismId, consultationId);
        return fresh(stored) ? Optional.of(TrackingItems.counts(stored)) : Optional.empty();
    }

    private Map<String, AttributeValue> storedItem(String organismId, String consultationId) {
        return dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(DynamoKeys.counts(organismId, consultationId))).item();
    }

    private boolean fresh(Map<String, AttributeValue> stored) {
        Instant recountedAt = DeliveryItems.absent(stored) ? null : TrackingItems.recountedAt(stored);
        return recountedAt != null && recountedAt.isAfter(clock.instant().minus(RECOUNT_AFTER));
    }

    private Counts countRows(String trackingPartition, Instant from, Instant to) {
        Map<DeliveryStatus, Integer> byStatus = new EnumMap<>(DeliveryStatus.class);
        Map<DeliveryStatus, Integer> favorites = new EnumMap<>(DeliveryStatus.class);
        trackingQuery(trackingPartition, from, to, q -> q.projectionExpression("#status, favorite")
                .expressionAttributeNames(Map.of("#status", DeliveryItems.STATUS)))
                .items().forEach(item -> {
                    DeliveryStatus status = DeliveryItems.status(item);
                    byStatus.merge(status, 1, Integer::sum);
                    if (DeliveryItems.favorite(item)) {
                        favorites.merge(status, 1, Integer::sum);
                    }
                });
        return new Counts(byStatus, favorites);
    }

    /**
     * One status is read from its own index (GSI4), so a page costs the rows it shows whatever the other statuses
     * hold; several statuses are filtered on the consultation's index (GSI3).
     */
    @Override
    public List<TrackingRow> page(String organismId, String consultationId, Instant from, Instant to,
                                  Set<DeliveryStatus> statuses, boolean favoritesOnly, Position after, int limit) {
        Index index = statuses.size() == 1
                ? new Index(DynamoKeys.GSI4, DynamoKeys.trackingStatus(organismId, consultationId,
                        statuses.iterator().next()))
                : new Index(DynamoKeys.GSI3, DynamoKeys.tracking(organismId, consultationId));
        List<String> filters = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        if (statuses.size() > 1) {
            List<String> names = new ArrayList<>();
            for (DeliveryStatus status : statuses) {
                values.put(":s" + status.ordinal(), s(status.name()));
                names.add(":s" + status.ordinal());
            }
            filters.add("#status IN (" + String.join(", ", names) + ")");
        }
        if (favoritesOnly) {
            values.put(":favorite", AttributeValue.fromBool(true));
            filters.add("favorite = :favorite");
        }
        Map<String, AttributeValue> start = after == null ? null : Map.of(
                PK, s(DynamoKeys.delivery(after.deliveryId())), SK, s(DynamoKeys.MAIN),
                DynamoKeys.partitionOf(index.name()), s(index.partition()),
                DynamoKeys.sortOf(index.name()), s(DynamoKeys.timeline(after.sentAt(), after.deliveryId())));
        List<TrackingRow> rows = new ArrayList<>();
        for (QueryResponse response : query(index, from, to, q -> {
            q.limit(Math.max(limit, 25)).exclusiveStartKey(start);
            if (!filters.isEmpty()) {
                q.filterExpression(String.join(" AND ", filters));
            }
            if (statuses.size() > 1) {
                q.expressionAttributeNames(Map.of("#status", DeliveryItems.STATUS));
            }
        }, values)) {
            for (Map<String, AttributeValue> item : response.items()) {
                rows.add(TrackingItems.row(item));
                if (rows.size() == limit) {
                    return rows;
                }
            }
        }
        return rows;
    }

    /**
     * The consultation's item and the counts' item: one BatchGetItem, of the consultation's organism and the counts
     * only (a consultation item holds its registers, up to 2000 contacts).
     */
    @Override
    public Header header(String organismId, String consultationId) {
        Map<String, AttributeValue> consultationKey = DynamoKeys.key(
                DynamoKeys.consultation(organismId, consultationId), DynamoKeys.MAIN);
        Map<String, AttributeValue> consultation = null;
        Map<String, AttributeValue> counts = null;
        for (Map<String, AttributeValue> item : batchGet(List.of(consultationKey,
                DynamoKeys.counts(organismId, consultationId)), HEADER_NAMES)) {
            if (DynamoKeys.MAIN.equals(DynamoItems.string(item, SK))) {
                consultation = item;
            } else {
                counts = item;
            }
        }
        return new Header(Optional.ofNullable(consultation == null ? null
                : DynamoItems.string(consultation, DynamoConsultationStore.ORGANISM)),
                fresh(counts) ? Optional.of(TrackingItems.counts(counts)) : Optional.empty());
    }

    /** What {@link #header} reads: the keys, the consultation's organism, the counts, their version and recount. */
    private static final Map<String, String> HEADER_NAMES = headerNames();

    private static Map<String, String> headerNames() {
        List<String> names = new ArrayList<>(List.of(PK, SK, DynamoConsultationStore.ORGANISM, TrackingItems.VERSION,
                TrackingItems.RECOUNTED_AT));
        for (DeliveryStatus status : DeliveryStatus.values()) {
            names.add(TrackingItems.statusCount(status));
            names.add(TrackingItems.favoriteCount(status));
        }
        Map<String, String> byPlaceholder = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byPlaceholder.put("#a" + i, names.get(i));
        }
        return Map.copyOf(byPlaceholder);
    }

    /**
     * Consistent reads of up to 100 keys (of the attributes {@code names} only, unless null), in no particular
     * order, what DynamoDB left unprocessed asked again.
     */
    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys,
                                                       Map<String, String> names) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        KeysAndAttributes.Builder wanted = KeysAndAttributes.builder().keys(keys).consistentRead(true);
        if (names != null) {
            wanted.projectionExpression(String.join(", ", new java.util.TreeSet<>(names.keySet())))
                    .expressionAttributeNames(names);
        }
        Map<String, KeysAndAttributes> pending = Map.of(table, wanted.build());
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round == 8) {
                throw new IllegalStateException("DynamoDB kept leaving keys unprocessed");
            }
            Map<String, KeysAndAttributes> request = pending;
            BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(request));
            items.addAll(response.responses().getOrDefault(table, List.of()));
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return items;
    }

    @Override
    public List<SearchedLetter> searchedLetters(String organismId, String consultationId) {
        List<SearchedLetter> letters = new ArrayList<>();
        partitionQuery(organismId, consultationId, DynamoKeys.SEARCHED_LETTERS)
                .forEach(item -> letters.add(TrackingItems.searchedLetter(item)));
        return letters;
    }

    @Override
    public Optional<List<SearchedRecipient>> searchedRecipients(String organismId, String consultationId) {
        List<SearchedRecipient> recipients = new ArrayList<>();
        String overflow = DynamoItems.string(DynamoKeys.searchedRecipientsOverflow(organismId, consultationId), SK);
        for (Map<String, AttributeValue> item : partitionQuery(organismId, consultationId,
                DynamoKeys.SEARCHED_RECIPIENTS)) {
            if (overflow.equals(DynamoItems.string(item, SK))) {
                return Optional.empty();
            }
            recipients.addAll(TrackingItems.searchedRecipients(item));
        }
        return Optional.of(recipients);
    }

    private Iterable<Map<String, AttributeValue>> partitionQuery(String organismId, String consultationId,
                                                              String prefix) {
        return dynamo.queryPaginator(r -> r.tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(DynamoKeys.consultation(organismId, consultationId)),
                        ":prefix", s(prefix)))).items();
    }

    @Override
    public List<Line> letterLines(String letterId, Instant from, Instant to) {
        List<Line> lines = new ArrayList<>();
        query(new Index(DynamoKeys.GSI5, DynamoKeys.letterTracking(letterId)), from, to,
                q -> q.projectionExpression("PK, GSI5SK, #status, favorite")
                        .expressionAttributeNames(Map.of("#status", DeliveryItems.STATUS)), Map.of()).items()
                .forEach(item -> lines.add(TrackingItems.line(item)));
        return lines;
    }

    @Override
    public List<TrackingRow> rowsTo(String organismId, String consultationId, String recipientKey, Instant from,
                                    Instant to) {
        List<TrackingRow> rows = new ArrayList<>();
        query(new Index(DynamoKeys.GSI2, DynamoKeys.deliveriesTo(organismId, consultationId, recipientKey)), from,
                to, null, Map.of()).items().forEach(item -> rows.add(TrackingItems.row(item)));
        return rows;
    }

    /** BatchGetItem, 100 keys at a time. */
    @Override
    public List<TrackingRow> rows(List<String> deliveryIds) {
        Map<String, TrackingRow> byId = new HashMap<>();
        for (int start = 0; start < deliveryIds.size(); start += 100) {
            batchGet(deliveryIds.subList(start, Math.min(deliveryIds.size(), start + 100)).stream()
                    .map(DynamoKeys::deliveryKey).toList(), null)
                    .forEach(item -> {
                        TrackingRow row = TrackingItems.row(item);
                        byId.put(row.deliveryId(), row);
                    });
        }
        return deliveryIds.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    /** A tracking index and the partition read from it; both sort on sentAt#deliveryId. */
    private record Index(String name, String partition) {
    }

    private QueryIterable trackingQuery(String trackingPartition, Instant from, Instant to,
                                        Consumer<QueryRequest.Builder> options) {
        return query(new Index(DynamoKeys.GSI3, trackingPartition), from, to, options, Map.of());
    }

    /** Newest first; sort keys start with the send time, so a date range is a key condition, not a filter. */
    private QueryIterable query(Index index, Instant from, Instant to, Consumer<QueryRequest.Builder> options,
                                Map<String, AttributeValue> extra) {
        Map<String, AttributeValue> values = new HashMap<>(extra);
        values.put(":pk", s(index.partition()));
        String sortKey = DynamoKeys.sortOf(index.name());
        String condition = DynamoKeys.partitionOf(index.name()) + " = :pk";
        if (from != null) {
            values.put(":from", s(DynamoKeys.sortable(from)));
        }
        if (to != null) {
            // Every key of an instant before "to" sorts before "to" followed by '#'.
            values.put(":to", s(DynamoKeys.sortable(to.minusNanos(1)) + "#~"));
        }
        if (from != null && to != null) {
            condition += " AND " + sortKey + " BETWEEN :from AND :to";
        } else if (from != null) {
            condition += " AND " + sortKey + " >= :from";
        } else if (to != null) {
            condition += " AND " + sortKey + " <= :to";
        }
        String keyCondition = condition;
        return dynamo.queryPaginator(r -> {
            r.tableName(table).indexName(index.name()).scanIndexForward(false).keyConditionExpression(keyCondition);
            if (options != null) {
                options.accept(r);
            }
            r.expressionAttributeValues(values);
        });
    }

    @Override
    public boolean setFavorite(String deliveryId, boolean favorite) {
        Map<String, AttributeValue> old;
        try {
            old = dynamo.updateItem(r -> r.tableName(table).key(DynamoKeys.deliveryKey(deliveryId))
                    .updateExpression("SET favorite = :favorite")
                    .conditionExpression("attribute_exists(PK)")
                    .expressionAttributeValues(Map.of(":favorite", AttributeValue.fromBool(favorite)))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
        if (DeliveryItems.favorite(old) != favorite) {
            String status = DynamoItems.string(old, DeliveryItems.STATUS);
            DynamoItems.updateAlone(dynamo, TrackingItems.countsUpdate(table, DeliveryItems.delivery(old),
                    Map.of(TrackingItems.favoriteCount(status), favorite ? 1 : -1)));
        }
        return true;
    }
}
