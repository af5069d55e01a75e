package fr.messagerie.aws;

import fr.messagerie.common.SettableClock;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.tracking.TrackingStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recount of the tracking list's counts, which only the DynamoDB store does: over a table that answers the three
 * requests {@code counts} makes (GetItem of the counts, Query of the consultation's lines, the conditional PutItem of
 * the recount), with the clock injected.
 */
class DynamoCountsRecountTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String ORG = "org-a";
    private static final String CONS = "ADO-1";
    private static final String COUNTS_PK = DynamoItems.consultationPartition(ORG, CONS);
    private static final String TRACK = COUNTS_PK + "#TRACK";

    private final SettableClock clock = new SettableClock(T0);
    private final Table table = new Table();
    private final DynamoDeliveryStore store = new DynamoDeliveryStore(table, "messagerie", clock);

    /** Items by PK and SK; queries of GSI3 by partition, newest first. */
    private static final class Table implements DynamoDbClient {
        final Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        int queries;
        int puts;
        int refusedPuts;
        Runnable duringNextQuery;

        static String key(Map<String, AttributeValue> key) {
            return key.get("PK").s() + "|" + key.get("SK").s();
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            Map<String, AttributeValue> item = items.get(key(request.key()));
            return item == null ? GetItemResponse.builder().build()
                    : GetItemResponse.builder().item(new HashMap<>(item)).build();
        }

        @Override
        public QueryResponse query(QueryRequest request) {
            queries++;
            assertEquals("GSI3", request.indexName());
            String partition = request.expressionAttributeValues().get(":pk").s();
            List<Map<String, AttributeValue>> found = new ArrayList<>(items.values().stream()
                    .filter(item -> item.containsKey("GSI3PK") && item.get("GSI3PK").s().equals(partition))
                    .toList());
            Runnable writer = duringNextQuery;
            duringNextQuery = null;
            if (writer != null) {
                writer.run();
            }
            return QueryResponse.builder().items(found).build();
        }

        /** Only the recount's put: "attribute_not_exists(PK) OR version = :version". */
        @Override
        public PutItemResponse putItem(PutItemRequest request) {
            assertEquals("attribute_not_exists(PK) OR version = :version", request.conditionExpression());
            Map<String, AttributeValue> stored = items.get(key(request.item()));
            if (stored != null && !request.expressionAttributeValues().get(":version").equals(stored.get("version"))) {
                refusedPuts++;
                throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
            }
            puts++;
            items.put(key(request.item()), new HashMap<>(request.item()));
            return PutItemResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    private void line(String id, DeliveryStatus status, boolean favorite, Instant sentAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", AttributeValue.fromS("DLV#" + id));
        item.put("SK", AttributeValue.fromS("A"));
        item.put("GSI3PK", AttributeValue.fromS(TRACK));
        item.put("GSI3SK", AttributeValue.fromS(DynamoItems.sortable(sentAt) + "#" + id));
        item.put("status", AttributeValue.fromS(status.name()));
        item.put("favorite", AttributeValue.fromBool(favorite));
        table.items.put(Table.key(item), item);
    }

    /** The counts item as the store's ADDs and recounts leave it. */
    private void storedCounts(Map<String, Long> values, long version, Instant recountedAt) {
        Map<String, AttributeValue> item = new HashMap<>(DynamoItems.key(COUNTS_PK, "COUNTS"));
        values.forEach((name, n) -> item.put(name, DynamoItems.n(n)));
        item.put("version", DynamoItems.n(version));
        if (recountedAt != null) {
            item.put("recountedAt", AttributeValue.fromS(recountedAt.toString()));
        }
        table.items.put(Table.key(item), item);
    }

    private Map<String, AttributeValue> countsItem() {
        return table.items.get(COUNTS_PK + "|COUNTS");
    }

    private TrackingStore.Counts counts() {
        return store.counts(ORG, CONS, null, null);
    }

    private void threeLines() {
        line("a1", DeliveryStatus.DELIVERED, true, T0.minusSeconds(30));
        line("a2", DeliveryStatus.DELIVERED, false, T0.minusSeconds(20));
        line("a3", DeliveryStatus.NOT_DELIVERED, false, T0.minusSeconds(10));
    }

    @Test
    void missing_counts_are_recounted_from_the_lines_then_read_from_the_stored_item() {
        threeLines();

        TrackingStore.Counts first = counts();

        assertEquals(Map.of(DeliveryStatus.DELIVERED, 2, DeliveryStatus.NOT_DELIVERED, 1), first.byStatus());
        assertEquals(Map.of(DeliveryStatus.DELIVERED, 1), first.favoritesByStatus());
        assertEquals(1, table.queries);
        assertEquals(T0.toString(), countsItem().get("recountedAt").s());
        assertEquals("0", countsItem().get("version").n(), "a recount writes back the version it read");

        clock.advance(Duration.ofMinutes(9));
        assertEquals(first, counts());
        assertEquals(1, table.queries, "fresh counts: one GetItem, no line read");
    }

    @Test
    void wrong_counts_are_trusted_for_ten_minutes_then_healed_by_a_recount() {
        threeLines();
        // A crash between a status change and its count left the counts one short.
        storedCounts(Map.of("n_DELIVERED", 1L, "n_NOT_DELIVERED", 1L, "f_DELIVERED", 1L), 7, T0);

        clock.set(T0.plus(DynamoDeliveryStore.RECOUNT_AFTER).minusMillis(1));
        assertEquals(Map.of(DeliveryStatus.DELIVERED, 1, DeliveryStatus.NOT_DELIVERED, 1), counts().byStatus());
        assertEquals(0, table.queries);

        clock.set(T0.plus(DynamoDeliveryStore.RECOUNT_AFTER));
        TrackingStore.Counts healed = counts();
        assertEquals(Map.of(DeliveryStatus.DELIVERED, 2, DeliveryStatus.NOT_DELIVERED, 1), healed.byStatus());
        assertEquals(1, table.queries);
        assertEquals(clock.instant().toString(), countsItem().get("recountedAt").s());
        assertEquals("7", countsItem().get("version").n());
        assertEquals("2", countsItem().get("n_DELIVERED").n());
    }

    @Test
    void counts_created_by_a_change_before_any_recount_are_recounted() {
        threeLines();
        // The ADD of a status change creates the item without a recount time.
        storedCounts(Map.of("n_DELIVERED", 1L), 1, null);

        assertEquals(Map.of(DeliveryStatus.DELIVERED, 2, DeliveryStatus.NOT_DELIVERED, 1), counts().byStatus());
        assertEquals(1, table.queries);
        assertEquals(1, table.puts);
    }

    @Test
    void a_recount_never_overwrites_a_count_that_moved_while_it_read_the_lines() {
        threeLines();
        storedCounts(Map.of("n_DELIVERED", 2L, "n_NOT_DELIVERED", 1L, "f_DELIVERED", 1L), 4,
                T0.minus(Duration.ofMinutes(11)));
        // While the recount reads the lines, a new delivery is created and counted (ADD n_SENDING 1, version 1).
        table.duringNextQuery = () -> {
            line("a4", DeliveryStatus.SENDING, false, T0);
            storedCounts(Map.of("n_DELIVERED", 2L, "n_NOT_DELIVERED", 1L, "f_DELIVERED", 1L, "n_SENDING", 1L), 5,
                    T0.minus(Duration.ofMinutes(11)));
        };

        TrackingStore.Counts counted = counts();

        assertEquals(Map.of(DeliveryStatus.DELIVERED, 2, DeliveryStatus.NOT_DELIVERED, 1), counted.byStatus(),
                "what was read is answered");
        assertEquals(1, table.refusedPuts);
        assertEquals("1", countsItem().get("n_SENDING").n(), "the concurrent count is kept");
        assertEquals("5", countsItem().get("version").n());

        // Still stale: the next call recounts, this time over the new line too.
        assertEquals(Map.of(DeliveryStatus.DELIVERED, 2, DeliveryStatus.NOT_DELIVERED, 1, DeliveryStatus.SENDING, 1),
                counts().byStatus());
        assertEquals(1, table.puts);
        assertEquals("5", countsItem().get("version").n());
    }

    @Test
    void a_recount_racing_the_first_count_of_a_consultation_leaves_that_count_in_place() {
        threeLines();
        table.duringNextQuery = () -> storedCounts(Map.of("n_SENDING", 1L), 1, null);

        counts();

        assertEquals(1, table.refusedPuts, "attribute_not_exists(PK) fails: the item appeared meanwhile");
        assertFalse(countsItem().containsKey("recountedAt"));
        assertEquals("1", countsItem().get("n_SENDING").n());
    }

    @Test
    void a_date_range_counts_its_lines_and_leaves_the_stored_counts_alone() {
        threeLines();
        storedCounts(Map.of("n_DELIVERED", 9L), 3, T0);

        TrackingStore.Counts inRange = store.counts(ORG, CONS, T0.minus(Duration.ofDays(1)), T0.plusSeconds(1));

        assertEquals(Map.of(DeliveryStatus.DELIVERED, 2, DeliveryStatus.NOT_DELIVERED, 1), inRange.byStatus());
        assertEquals(0, table.puts + table.refusedPuts);
        assertEquals("9", countsItem().get("n_DELIVERED").n());
        assertTrue(table.queries > 0);
    }
}
