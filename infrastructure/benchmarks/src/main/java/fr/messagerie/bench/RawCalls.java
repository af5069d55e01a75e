package fr.messagerie.bench;

import fr.messagerie.aws.DynamoKeys;
import fr.messagerie.delivery.DeliveryStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The raw SDK calls an API call makes, on scratch items of the same table (and a scratch queue), so that a
 * function's latency can be read against the storage work it cannot avoid.
 */
final class RawCalls {
    private static final String FILLER = "x".repeat(1500);

    private final DynamoDbClient dynamo;
    private final String table;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String existingPk = "BENCH#" + UUID.randomUUID();
    private final String countsPk = "BENCH#" + UUID.randomUUID();
    private final String searchPk = "BENCH#" + UUID.randomUUID();

    RawCalls(DynamoDbClient dynamo, String table, SqsClient sqs) {
        this.dynamo = dynamo;
        this.table = table;
        this.sqs = sqs;
        this.queueUrl = sqs.createQueue(r -> r.queueName("bench-raw-" + UUID.randomUUID())).queueUrl();
        dynamo.putItem(r -> r.tableName(table).item(item(existingPk)));
        dynamo.putItem(r -> r.tableName(table).item(item(countsPk)));
    }

    /** Draft create: GetItem (consultation) + PutItem (letter). */
    void draftCreate() {
        getItem(existingPk);
        putNew();
    }

    /**
     * Send of a one-recipient letter: Query (the letter and its files), GetItem (consultation) beside GetItem
     * (organism), conditional PutItem (frozen), TransactWriteItems (delivery, its count, the letter's text and the
     * recipient for the content filters), conditional UpdateItem
     * (dispatching), SendMessage, BatchWriteItem (the typed address in the free-recipients register), UpdateItem
     * (sent).
     */
    void send() {
        queryPartition(existingPk);
        Thread organism = Thread.startVirtualThread(() -> getItem(countsPk));
        getItem(existingPk);
        join(organism);
        putNew();
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("BENCH#" + UUID.randomUUID()))
                        .conditionExpression("attribute_not_exists(PK)")).build(),
                TransactWriteItem.builder().update(versionUpdate(countsPk)).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item(searchPk))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("PK", s(searchPk),
                        "SK", s("R"))).updateExpression("ADD recipients :r")
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromSs(List.of(
                                "entreprise@example.fr\t+ entreprise"))))).build()));
        update(existingPk);
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"deliveryId\": \"" + UUID.randomUUID() + "\"}"));
        dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(WriteRequest.builder()
                .putRequest(p -> p.item(item("BENCH#" + UUID.randomUUID()))).build()))));
        update(existingPk);
    }

    /**
     * Thread: Query (the delivery's partition: the delivery, its events, its reply) + Query (the letter's partition:
     * the letter and its files).
     */
    void thread(String deliveryId) {
        dynamo.query(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :main AND :reply")
                .expressionAttributeValues(Map.of(":pk", s("DLV#" + deliveryId), ":main", s("A"),
                        ":reply", s("REPLY"))));
        queryPartition(existingPk);
    }

    /**
     * Read receipt: GetItem (the delivery's log head, with its links) + TransactWriteItems of the event (conditional
     * Put), the projection (conditional Update) and the consultation's counts (Update).
     */
    void open(String deliveryId) {
        getItem("DLV#" + deliveryId);
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("BENCH#" + UUID.randomUUID()))
                        .conditionExpression("attribute_not_exists(PK)")).build(),
                TransactWriteItem.builder().update(versionUpdate(existingPk)).build(),
                TransactWriteItem.builder().update(versionUpdate(countsPk)).build()));
    }

    /** One page of the tracking list: a Query on GSI3, newest first. */
    void trackingPage(String consultationId, int limit) {
        dynamo.query(r -> r.tableName(table).indexName("GSI3").scanIndexForward(false).limit(limit)
                .keyConditionExpression("GSI3PK = :pk")
                .expressionAttributeValues(Map.of(":pk",
                        s("ORG#" + BenchAgent.ORGANISM + "#CONS#" + consultationId + "#TRACK"))));
    }

    /**
     * A page of the tracking list as the use case reads it: BatchGetItem of the consultation and its counts (consistent)
     * beside the page's Query, on GSI3 or, for one status, GSI4, with the Limit the use case sends for a page of 10
     * (25: the page, one more to know there is a next one, at least 25).
     */
    void trackingListPage(String consultationId, DeliveryStatus status) {
        Thread header = Thread.startVirtualThread(() -> dynamo.batchGetItem(r -> r.requestItems(Map.of(table,
                KeysAndAttributes.builder().consistentRead(true).keys(
                        DynamoKeys.key(DynamoKeys.consultation(BenchAgent.ORGANISM, consultationId), DynamoKeys.MAIN),
                        DynamoKeys.counts(BenchAgent.ORGANISM, consultationId)).build()))));
        String index = status == null ? DynamoKeys.GSI3 : DynamoKeys.GSI4;
        String partition = status == null ? DynamoKeys.tracking(BenchAgent.ORGANISM, consultationId)
                : DynamoKeys.trackingStatus(BenchAgent.ORGANISM, consultationId, status);
        dynamo.query(r -> r.tableName(table).indexName(index).scanIndexForward(false).limit(25)
                .keyConditionExpression(DynamoKeys.partitionOf(index) + " = :pk")
                .expressionAttributeValues(Map.of(":pk", s(partition))));
        join(header);
    }

    /** The conditional write every SES event costs at least. */
    void putNew() {
        dynamo.putItem(r -> r.tableName(table).item(item("BENCH#" + UUID.randomUUID()))
                .conditionExpression("attribute_not_exists(PK)"));
    }

    /**
     * Items standing for {@code count} deliveries, created before a raw run reads and updates them, as the fan-out
     * created the deliveries before their dispatches.
     */
    List<String> deliveries(int count) {
        List<String> keys = new ArrayList<>();
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String pk = "BENCH#" + UUID.randomUUID();
            keys.add(pk);
            writes.add(WriteRequest.builder().putRequest(p -> p.item(item(pk))).build());
            if (writes.size() == 25 || i == count - 1) {
                List<WriteRequest> batch = List.copyOf(writes);
                dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
                writes.clear();
            }
        }
        return keys;
    }

    /**
     * What sending one email costs in DynamoDB around SendEmail: GetItem (the log head), the conditional UpdateItem
     * of the claim with its access link, then, once sent, the event as {@link #recordEvent} appends it, on the head
     * already read.
     */
    void claim(String deliveryPk) {
        getItem(deliveryPk);
        update(deliveryPk);
    }

    /**
     * What recording one event costs: GetItem (the log head) + TransactWriteItems of the event (conditional Put), the
     * projection (conditional Update) and the consultation's counts (Update, one item for all the consultation's
     * deliveries); when another transaction holds the counts, read again and retried, as the use case does.
     */
    void recordEvent(String deliveryPk, boolean headRead) {
        for (boolean read = headRead; ; read = false) {
            if (!read) {
                getItem(deliveryPk);
            }
            try {
                dynamo.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(table)
                                .item(item("BENCH#" + UUID.randomUUID()))
                                .conditionExpression("attribute_not_exists(PK)")).build(),
                        TransactWriteItem.builder().update(versionUpdate(deliveryPk)).build(),
                        TransactWriteItem.builder().update(versionUpdate(countsPk)).build()));
                return;
            } catch (TransactionCanceledException e) {
                // Another event's transaction held the counts: the use case reads its head again and retries.
            }
        }
    }

    /** A new item (conditional Put) and an existing one (conditional Update) in one TransactWriteItems. */
    void transactTwo(String pk) {
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("BENCH#" + UUID.randomUUID()))
                        .conditionExpression("attribute_not_exists(PK)")).build(),
                TransactWriteItem.builder().update(versionUpdate(pk)).build()));
    }

    void deleteQueue() {
        sqs.deleteQueue(r -> r.queueUrl(queueUrl));
    }

    /** One consistent GetItem of an existing item. */
    void getItem(String pk) {
        dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of("PK", s(pk), "SK", s("A"))));
    }

    /** One conditional UpdateItem of an existing item. */
    void update(String pk) {
        Update update = versionUpdate(pk);
        dynamo.updateItem(r -> r.tableName(table).key(update.key()).updateExpression(update.updateExpression())
                .conditionExpression(update.conditionExpression())
                .expressionAttributeValues(update.expressionAttributeValues()));
    }

    private Update versionUpdate(String pk) {
        return Update.builder().tableName(table).key(Map.of("PK", s(pk), "SK", s("A")))
                .updateExpression("SET version = version + :one")
                .conditionExpression("attribute_exists(PK)")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).build();
    }

    private void queryPartition(String pk) {
        dynamo.query(r -> r.tableName(table).consistentRead(true).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", s(pk))));
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, AttributeValue> item(String pk) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", s(pk));
        item.put("SK", s("A"));
        item.put("version", AttributeValue.fromN("1"));
        item.put("data", s(FILLER));
        return item;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
