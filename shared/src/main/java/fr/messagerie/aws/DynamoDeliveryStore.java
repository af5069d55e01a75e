package fr.messagerie.aws;

import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryProjection;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.DeliveryView;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterText;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.RichText;
import fr.messagerie.proof.ProofRequests;
import fr.messagerie.recipient.Reply;
import fr.messagerie.tracking.TrackingRow;
import fr.messagerie.tracking.TrackingStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.paginators.QueryIterable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static fr.messagerie.aws.DynamoItems.DATA;
import static fr.messagerie.aws.DynamoItems.PK;
import static fr.messagerie.aws.DynamoItems.SK;
import static fr.messagerie.aws.DynamoItems.n;
import static fr.messagerie.aws.DynamoItems.s;

/**
 * Delivery: PK DLV#id / SK A, listed per letter through GSI1 (LETTER#letterId / DLV#address), carrying the projected
 * status, through GSI2 per consultation and address (consultation partition#TO#address / createdAt#id) and through
 * GSI3 per consultation (consultation partition#TRACK / createdAt#id), the consultation partition naming the
 * organism ({@link DynamoItems#consultationPartition}). Events: PK DLV#id /
 * SK EV#eventId, written only if absent. Reply: PK DLV#id / SK REPLY. Access token: PK TOKEN#sha256 / SK A. Proof
 * requests: PK DLV#id / SK RATE#proof#requester#minute, a counter removed by the table's TTL.
 */
public final class DynamoDeliveryStore implements DeliveryStore, TrackingStore, ProofRequests {
    private static final String META = "A";
    private static final String EVENT = "EV#";
    private static final String REPLY = "REPLY";
    private static final String COUNTS = "COUNTS";
    /** The delivery's {@link DeliveryProjection}, as JSON: what the next event is folded into. */
    private static final String PROJECTION = "projection";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String CONFLICT = "TransactionConflict";
    private static final String NONE = "None";
    static final Duration RECOUNT_AFTER = Duration.ofMinutes(10);
    /** A counter of proof requests expires (the table's TTL) an hour after its minute. */
    private static final Duration RATE_KEPT = Duration.ofHours(1);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDeliveryStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    /** @param clock when counts are recounted ({@link #RECOUNT_AFTER}) */
    public DynamoDeliveryStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void createIfAbsent(Delivery delivery, Letter letter) {
        createIfAbsent(delivery, letter, LetterText.of(letter));
    }

    @Override
    public void createIfAbsent(Delivery delivery, Letter letter, LetterText text) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(item(delivery, letter, text))
                    .conditionExpression("attribute_not_exists(PK)"));
        } catch (ConditionalCheckFailedException e) {
            // Created by an earlier, interrupted fan-out: keep it and its state as they are.
            return;
        }
        count(delivery, Map.of("n_" + DeliveryStatus.SENDING.name(), 1));
    }

    /**
     * One transaction for all (a fan-out chunk of 10: at most 10 × 320 KB, under the 4 MB of a transaction) with
     * their count; if any exists already (a fan-out resumed) or the transaction cannot be taken, one by one.
     */
    @Override
    public void createAllIfAbsent(List<Delivery> deliveries, Letter letter, LetterText text) {
        if (deliveries.isEmpty()) {
            return;
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item(delivery, letter, text))
                    .conditionExpression("attribute_not_exists(PK)")).build());
        }
        Delivery first = deliveries.get(0);
        writes.add(TransactWriteItem.builder().update(countsUpdate(countsKey(first.organismId(),
                first.consultationId()), Map.of("n_" + DeliveryStatus.SENDING.name(), deliveries.size()))).build());
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException e) {
            deliveries.forEach(delivery -> createIfAbsent(delivery, letter, text));
        }
    }

    private Map<String, AttributeValue> item(Delivery delivery, Letter letter, LetterText text) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("GSI3PK", s(trackingPartition(delivery.organismId(), delivery.consultationId())));
        item.put("GSI3SK", s(DynamoItems.sortable(delivery.createdAt()) + "#" + delivery.id()));
        item.put("letterType", s(letter.type().name()));
        item.put("subject", s(letter.subject()));
        item.put("excerpt", s(text.excerpt()));
        item.put("replyOptions", DynamoItems.json(letter.replyOptions()));
        item.put("search", s(String.join(" ", text.searchText(),
                delivery.recipient().email(), Objects.toString(delivery.recipient().name(), ""),
                Objects.toString(delivery.recipient().company(), "")).toLowerCase(Locale.ROOT)));
        item.put(PK, s(pk(delivery.id())));
        item.put(SK, s(META));
        item.put("GSI1PK", s("LETTER#" + delivery.letterId()));
        item.put("GSI1SK", s("DLV#" + delivery.recipient().key()));
        item.put("GSI2PK", s(recipientPartition(delivery.organismId(), delivery.consultationId(),
                delivery.recipient().key())));
        item.put("GSI2SK", s(DynamoItems.sortable(delivery.createdAt()) + "#" + delivery.id()));
        item.put("status", s(DeliveryStatus.SENDING.name()));
        item.put("GSI4PK", s(statusPartition(delivery.organismId(), delivery.consultationId(),
                DeliveryStatus.SENDING)));
        item.put("GSI4SK", item.get("GSI3SK"));
        item.put(DATA, DynamoItems.json(delivery));
        return item;
    }

    @Override
    public Optional<Delivery> find(String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(DynamoItems.key(pk(deliveryId), META)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(DynamoItems.fromJson(item, Delivery.class));
    }

    @Override
    public List<DeliveryView> ofLetter(String letterId) {
        List<DeliveryView> views = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).indexName("GSI1")
                        .keyConditionExpression("GSI1PK = :letter")
                        .expressionAttributeValues(Map.of(":letter", s("LETTER#" + letterId))))
                .items()
                .forEach(item -> views.add(view(item)));
        return views;
    }

    @Override
    public List<DeliveryView> toRecipient(String organismId, String consultationId, String recipientKey) {
        List<DeliveryView> views = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).indexName("GSI2").scanIndexForward(false)
                        .keyConditionExpression("GSI2PK = :recipient")
                        .expressionAttributeValues(Map.of(":recipient",
                                s(recipientPartition(organismId, consultationId, recipientKey)))))
                .items()
                .forEach(item -> views.add(view(item)));
        return views;
    }

    private static DeliveryView view(Map<String, AttributeValue> item) {
        return new DeliveryView(DynamoItems.fromJson(item, Delivery.class),
                DeliveryStatus.valueOf(DynamoItems.string(item, "status")), DynamoItems.string(item, "reason"));
    }

    @Override
    public List<DeliveryEvent> events(String deliveryId) {
        List<DeliveryEvent> events = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :event)")
                        .expressionAttributeValues(Map.of(":pk", s(pk(deliveryId)), ":event", s(EVENT))))
                .items()
                .forEach(item -> events.add(DynamoItems.fromJson(item, DeliveryEvent.class)));
        return events;
    }

    @Override
    public Optional<LogHead> head(String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(DynamoItems.key(pk(deliveryId), META)).projectionExpression("PK, #data, #projection, favorite")
                .expressionAttributeNames(Map.of("#data", DATA, "#projection", PROJECTION))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        String projection = DynamoItems.string(item, PROJECTION);
        return Optional.of(new LogHead(DynamoItems.fromJson(item, Delivery.class), projection == null ? DeliveryProjection.EMPTY
                : DynamoItems.fromJson(projection, DeliveryProjection.class), isFavorite(item)));
    }

    /**
     * One transaction: the event, if absent; the delivery's projection, if its log and its star are still those of
     * {@code head}; and, when the status changes, the consultation's counts. So the log, the status and the counts
     * never disagree, whatever crashes.
     */
    @Override
    public Append append(String deliveryId, LogHead head, DeliveryEvent event, DeliveryProjection after) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(Map.of(PK, s(pk(deliveryId)), SK, s(EVENT + event.id()), "type", s(event.type().name()),
                        "at", s(event.at().toString()), DATA, DynamoItems.json(event)))
                .conditionExpression("attribute_not_exists(PK)")).build());
        writes.add(TransactWriteItem.builder().update(projectionUpdate(deliveryId, head, after)).build());
        DeliveryStatus before = head.projection().status();
        if (before != after.status()) {
            Map<String, Integer> changes = new HashMap<>(Map.of("n_" + before.name(), -1,
                    "n_" + after.status().name(), 1));
            if (head.favorite()) {
                changes.put("f_" + before.name(), -1);
                changes.put("f_" + after.status().name(), 1);
            }
            writes.add(TransactWriteItem.builder().update(countsUpdate(countsKey(head.delivery().organismId(),
                    head.delivery().consultationId()), changes)).build());
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
            return Append.APPENDED;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons.isEmpty()) {
                throw e;
            }
            if (CONDITION_FAILED.equals(reasons.get(0).code())) {
                return Append.DUPLICATE;
            }
            if (reasons.stream().allMatch(reason -> reason.code() == null || NONE.equals(reason.code())
                    || CONDITION_FAILED.equals(reason.code()) || CONFLICT.equals(reason.code()))) {
                return Append.STALE;
            }
            throw e;
        }
    }

    private Update projectionUpdate(String deliveryId, LogHead head, DeliveryProjection after) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(after.status().name()));
        values.put(":statusPartition", s(statusPartition(head.delivery().organismId(),
                head.delivery().consultationId(), after.status())));
        values.put(":count", n(after.events()));
        values.put(":before", n(head.projection().events()));
        values.put(":dispatched", n(after.dispatchedAttempt()));
        values.put(":projection", DynamoItems.json(after));
        values.put(":favorite", AttributeValue.fromBool(true));
        StringBuilder update = new StringBuilder("SET #status = :status, GSI4PK = :statusPartition, eventCount = :count, "
                + "dispatchedAttempt = :dispatched, #projection = :projection");
        Map<String, Instant> times = after.letterTimes();
        List<String> removed = new ArrayList<>();
        for (String letter : List.of("E", "D", "L", "R")) {
            if (times.containsKey(letter)) {
                values.put(":at" + letter, s(times.get(letter).toString()));
                update.append(", at").append(letter).append(" = :at").append(letter);
            } else {
                removed.add("at" + letter);
            }
        }
        if (after.reason() != null) {
            values.put(":reason", s(after.reason()));
            update.append(", reason = :reason");
        } else {
            removed.add("reason");
        }
        if (!removed.isEmpty()) {
            update.append(" REMOVE ").append(String.join(", ", removed));
        }
        String unchanged = head.projection().events() == 0
                ? "(attribute_not_exists(eventCount) OR eventCount = :before)" : "eventCount = :before";
        String star = head.favorite() ? "favorite = :favorite" : "(attribute_not_exists(favorite) OR favorite <> :favorite)";
        return Update.builder().tableName(table).key(DynamoItems.key(pk(deliveryId), META))
                .updateExpression(update.toString())
                .conditionExpression("attribute_exists(PK) AND " + unchanged + " AND " + star)
                .expressionAttributeNames(Map.of("#status", "status", "#projection", PROJECTION))
                .expressionAttributeValues(values).build();
    }

    /**
     * Moves the per-consultation counts of the tracking list (consultation partition / COUNTS), and their version,
     * which tells a recount running meanwhile that its result is already stale.
     */
    private void count(Delivery delivery, Map<String, Integer> changes) {
        updateItem(countsUpdate(countsKey(delivery.organismId(), delivery.consultationId()), changes));
    }

    /** One of the updates built for transactions, made alone. */
    private void updateItem(Update update) {
        dynamo.updateItem(r -> {
            r.tableName(update.tableName()).key(update.key()).updateExpression(update.updateExpression())
                    .conditionExpression(update.conditionExpression())
                    .expressionAttributeValues(update.expressionAttributeValues());
            if (update.hasExpressionAttributeNames()) {
                r.expressionAttributeNames(update.expressionAttributeNames());
            }
        });
    }

    private Update countsUpdate(Map<String, AttributeValue> countsKey, Map<String, Integer> changes) {
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> adds = new ArrayList<>();
        changes.forEach((name, delta) -> {
            values.put(":" + name, n(delta));
            adds.add(name + " :" + name);
        });
        values.put(":one", n(1));
        return Update.builder().tableName(table).key(countsKey)
                .updateExpression("ADD " + String.join(", ", adds) + ", version :one")
                .expressionAttributeValues(values).build();
    }

    @Override
    public DispatchClaim claim(String deliveryId, int attempt, Instant now, Duration lease, AccessGrant grant) {
        Update claim = Update.builder().tableName(table).key(DynamoItems.key(pk(deliveryId), META))
                .updateExpression("SET claimAttempt = :attempt, claimUntil = :until")
                .conditionExpression("attribute_exists(PK)"
                        + " AND (attribute_not_exists(dispatchedAttempt) OR dispatchedAttempt < :attempt)"
                        + " AND (attribute_not_exists(claimUntil) OR claimUntil < :now OR claimAttempt < :attempt)")
                .expressionAttributeValues(Map.of(":attempt", n(attempt),
                        ":until", n(now.plus(lease).toEpochMilli()), ":now", n(now.toEpochMilli())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();
        try {
            if (grant == null) {
                updateItem(claim);
            } else {
                dynamo.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().update(claim).build(),
                        TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of(
                                PK, s("TOKEN#" + grant.tokenHash()), SK, s(META), "deliveryId", s(deliveryId),
                                "createdAt", s(grant.createdAt().toString()),
                                "validUntil", n(grant.validUntil().toEpochMilli())))
                                .conditionExpression("attribute_not_exists(PK)")).build()));
            }
            return DispatchClaim.GRANTED;
        } catch (ConditionalCheckFailedException e) {
            return refused(deliveryId, attempt, null);
        } catch (TransactionCanceledException e) {
            CancellationReason reason = e.cancellationReasons().isEmpty() ? null : e.cancellationReasons().get(0);
            if (reason == null || !CONDITION_FAILED.equals(reason.code())) {
                throw e;
            }
            return refused(deliveryId, attempt, reason.item());
        }
    }

    /** Why a claim was refused, from the delivery as the refusal returned it (read again when it did not). */
    private DispatchClaim refused(String deliveryId, int attempt, Map<String, AttributeValue> returned) {
        Map<String, AttributeValue> item = returned != null && !returned.isEmpty() ? returned
                : dynamo.getItem(r -> r.tableName(table).key(DynamoItems.key(pk(deliveryId), META))
                .consistentRead(true)).item();
        return DynamoItems.number(item, "dispatchedAttempt", 0) >= attempt
                ? DispatchClaim.ALREADY_SENT : DispatchClaim.HELD_BY_ANOTHER;
    }

    @Override
    public void releaseClaim(String deliveryId, int attempt) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(DynamoItems.key(pk(deliveryId), META))
                    .updateExpression("REMOVE claimUntil")
                    .conditionExpression("claimAttempt = :attempt"
                            + " AND (attribute_not_exists(dispatchedAttempt) OR dispatchedAttempt < :attempt)")
                    .expressionAttributeValues(Map.of(":attempt", n(attempt))));
        } catch (ConditionalCheckFailedException e) {
            // Sent meanwhile, or claimed for a later attempt: nothing of ours to give up.
        }
    }

    @Override
    public Optional<String> deliveryOfToken(String tokenHash, Instant now) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(DynamoItems.key("TOKEN#" + tokenHash, META))).item();
        if (item == null || item.isEmpty() || item.containsKey("revokedAt")
                || DynamoItems.number(item, "validUntil", 0) < now.toEpochMilli()) {
            return Optional.empty();
        }
        return Optional.of(DynamoItems.string(item, "deliveryId"));
    }

    @Override
    public boolean saveReply(Reply reply) {
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of(PK, s(pk(reply.deliveryId())), SK, s(REPLY), DATA, DynamoItems.json(reply)))
                    .conditionExpression("attribute_not_exists(PK)"));
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
        dynamo.updateItem(r -> r.tableName(table).key(DynamoItems.key(pk(reply.deliveryId()), META))
                .updateExpression("SET replyExcerpt = :excerpt")
                .expressionAttributeValues(Map.of(":excerpt", s(RichText.excerpt(reply.body(), 200)))));
        return true;
    }

    @Override
    public List<TrackingRow> rows(String organismId, String consultationId, Instant from, Instant to) {
        List<TrackingRow> rows = new ArrayList<>();
        trackingQuery(trackingPartition(organismId, consultationId), from, to, null).items()
                .forEach(item -> rows.add(row(item)));
        return rows;
    }

    /**
     * Without a date range, the counts kept by every status change (one GetItem); they are recounted from the rows
     * when missing, and every {@link #RECOUNT_AFTER} so that a crash between a change and its count heals.
     */
    @Override
    public Counts counts(String organismId, String consultationId, Instant from, Instant to) {
        String partition = trackingPartition(organismId, consultationId);
        if (from != null || to != null) {
            return countRows(partition, from, to);
        }
        Map<String, AttributeValue> stored = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(countsKey(organismId, consultationId))).item();
        boolean fresh = stored != null && !stored.isEmpty() && stored.containsKey("recountedAt")
                && Instant.parse(DynamoItems.string(stored, "recountedAt")).isAfter(clock.instant().minus(RECOUNT_AFTER));
        if (fresh) {
            Map<DeliveryStatus, Integer> byStatus = new EnumMap<>(DeliveryStatus.class);
            Map<DeliveryStatus, Integer> favorites = new EnumMap<>(DeliveryStatus.class);
            for (DeliveryStatus status : DeliveryStatus.values()) {
                positive(stored, "n_" + status.name()).ifPresent(n -> byStatus.put(status, n));
                positive(stored, "f_" + status.name()).ifPresent(n -> favorites.put(status, n));
            }
            return new Counts(byStatus, favorites);
        }
        long version = stored == null ? 0 : DynamoItems.number(stored, "version", 0);
        Counts counted = countRows(partition, null, null);
        Map<String, AttributeValue> item = new HashMap<>(countsKey(organismId, consultationId));
        counted.byStatus().forEach((status, n) -> item.put("n_" + status.name(), n(n)));
        counted.favoritesByStatus().forEach((status, n) -> item.put("f_" + status.name(), n(n)));
        item.put("version", n(version));
        item.put("recountedAt", s(clock.instant().toString()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK) OR version = :version")
                    .expressionAttributeValues(Map.of(":version", n(version))));
        } catch (ConditionalCheckFailedException e) {
            // The counts moved while the rows were read: keep them, the next call recounts.
        }
        return counted;
    }

    private static Optional<Integer> positive(Map<String, AttributeValue> item, String name) {
        long value = DynamoItems.number(item, name, 0);
        return value > 0 ? Optional.of((int) value) : Optional.empty();
    }

    private Counts countRows(String trackingPartition, Instant from, Instant to) {
        Map<DeliveryStatus, Integer> byStatus = new EnumMap<>(DeliveryStatus.class);
        Map<DeliveryStatus, Integer> favorites = new EnumMap<>(DeliveryStatus.class);
        trackingQuery(trackingPartition, from, to, q -> q.projectionExpression("#status, favorite")
                .expressionAttributeNames(Map.of("#status", "status")))
                .items().forEach(item -> {
                    DeliveryStatus status = DeliveryStatus.valueOf(DynamoItems.string(item, "status"));
                    byStatus.merge(status, 1, Integer::sum);
                    if (isFavorite(item)) {
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
                ? new Index("GSI4", statusPartition(organismId, consultationId, statuses.iterator().next()))
                : new Index("GSI3", trackingPartition(organismId, consultationId));
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
                PK, s(pk(after.deliveryId())), SK, s(META), index.name() + "PK", s(index.partition()),
                index.name() + "SK", s(DynamoItems.sortable(after.sentAt()) + "#" + after.deliveryId()));
        List<TrackingRow> rows = new ArrayList<>();
        for (QueryResponse response : query(index, from, to, q -> {
            q.limit(Math.max(limit, 25)).exclusiveStartKey(start);
            if (!filters.isEmpty()) {
                q.filterExpression(String.join(" AND ", filters));
            }
            if (statuses.size() > 1) {
                q.expressionAttributeNames(Map.of("#status", "status"));
            }
        }, values)) {
            for (Map<String, AttributeValue> item : response.items()) {
                rows.add(row(item));
                if (rows.size() == limit) {
                    return rows;
                }
            }
        }
        return rows;
    }

    /** A tracking index and the partition read from it; both sort on sentAt#deliveryId. */
    private record Index(String name, String partition) {
    }

    private QueryIterable trackingQuery(String trackingPartition, Instant from, Instant to,
                                        Consumer<QueryRequest.Builder> options) {
        return query(new Index("GSI3", trackingPartition), from, to, options, Map.of());
    }

    /** Newest first; sort keys start with the send time, so a date range is a key condition, not a filter. */
    private QueryIterable query(Index index, Instant from, Instant to, Consumer<QueryRequest.Builder> options,
                                Map<String, AttributeValue> extra) {
        Map<String, AttributeValue> values = new HashMap<>(extra);
        values.put(":pk", s(index.partition()));
        String sortKey = index.name() + "SK";
        String condition = index.name() + "PK = :pk";
        if (from != null) {
            values.put(":from", s(DynamoItems.sortable(from)));
        }
        if (to != null) {
            // Every key of an instant before "to" sorts before "to" followed by '#'.
            values.put(":to", s(DynamoItems.sortable(to.minusNanos(1)) + "#~"));
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

    private static boolean isFavorite(Map<String, AttributeValue> item) {
        AttributeValue favorite = item.get("favorite");
        return favorite != null && Boolean.TRUE.equals(favorite.bool());
    }

    @Override
    public boolean setFavorite(String deliveryId, boolean favorite) {
        Map<String, AttributeValue> old;
        try {
            old = dynamo.updateItem(r -> r.tableName(table).key(DynamoItems.key(pk(deliveryId), META))
                    .updateExpression("SET favorite = :favorite")
                    .conditionExpression("attribute_exists(PK)")
                    .expressionAttributeValues(Map.of(":favorite", AttributeValue.fromBool(favorite)))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
        if (isFavorite(old) != favorite) {
            count(DynamoItems.fromJson(old, Delivery.class),
                    Map.of("f_" + DynamoItems.string(old, "status"), favorite ? 1 : -1));
        }
        return true;
    }

    private static TrackingRow row(Map<String, AttributeValue> item) {
        Delivery delivery = DynamoItems.fromJson(item, Delivery.class);
        return new TrackingRow(delivery.id(), delivery.letterId(), delivery.createdAt(),
                DeliveryStatus.valueOf(DynamoItems.string(item, "status")),
                LetterType.valueOf(DynamoItems.string(item, "letterType")), DynamoItems.string(item, "subject"),
                DynamoItems.string(item, "excerpt"), delivery.recipient(), instant(item, "atE"), instant(item, "atD"),
                instant(item, "atL"), instant(item, "atR"), isFavorite(item),
                DynamoItems.string(item, "reason"), DynamoItems.string(item, "replyExcerpt"),
                DynamoItems.fromJson(DynamoItems.string(item, "replyOptions"), ReplyOptions.class),
                DynamoItems.string(item, "search"));
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = DynamoItems.string(item, name);
        return value == null ? null : Instant.parse(value);
    }

    private static String trackingPartition(String organismId, String consultationId) {
        return DynamoItems.consultationPartition(organismId, consultationId) + "#TRACK";
    }

    /** The rows of one status, in the status index GSI4 (tracking partition#status / sentAt#deliveryId). */
    private static String statusPartition(String organismId, String consultationId, DeliveryStatus status) {
        return trackingPartition(organismId, consultationId) + "#" + status.name();
    }

    private static Map<String, AttributeValue> countsKey(String organismId, String consultationId) {
        return DynamoItems.key(DynamoItems.consultationPartition(organismId, consultationId), COUNTS);
    }

    @Override
    public Optional<Reply> reply(String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(DynamoItems.key(pk(deliveryId), REPLY))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(DynamoItems.fromJson(item, Reply.class));
    }

    @Override
    public boolean count(String deliveryId, String requester, Instant at, int max) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(DynamoItems.key(pk(deliveryId), "RATE#proof#" + requester + "#" + minute))
                    .updateExpression("ADD requests :one SET #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(requests) OR requests < :max")
                    .expressionAttributeNames(Map.of("#ttl", "ttl"))
                    .expressionAttributeValues(Map.of(":one", n(1), ":max", n(max),
                            ":ttl", n(minute.plus(RATE_KEPT).getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static String recipientPartition(String organismId, String consultationId, String recipientKey) {
        return DynamoItems.consultationPartition(organismId, consultationId) + "#TO#" + recipientKey;
    }

    private static String pk(String deliveryId) {
        return "DLV#" + deliveryId;
    }
}
