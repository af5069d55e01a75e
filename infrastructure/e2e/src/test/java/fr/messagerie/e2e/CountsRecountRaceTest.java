package fr.messagerie.e2e;

import fr.messagerie.aws.DynamoDeliveryStore;
import fr.messagerie.aws.DynamoTrackingStore;
import fr.messagerie.common.Agent;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The counts' recount racing the writers, on DynamoDB Local: a change counted while a recount reads the rows is never
 * overwritten by that recount, whose answer is what it read; the next call recounts again and sees the change.
 */
@ExtendWith(LocalAwsExtension.class)
class CountsRecountRaceTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoDeliveryStore deliveries;
    /** Runs once, just before the next Query reaches the table: a writer that slips in while a recount reads. */
    private final AtomicReference<Runnable> beforeNextQuery = new AtomicReference<>();

    CountsRecountRaceTest(LocalSystem system) {
        this.dynamo = system.dynamoDb();
        this.table = system.resources().tableName("MessagerieTable");
        this.deliveries = new DynamoDeliveryStore(dynamo, table);
    }

    @Test
    void a_favourite_counted_while_a_recount_reads_the_rows_is_kept_and_the_next_call_recounts_it() {
        String organism = "org-" + UUID.randomUUID();
        String consultation = "cons-" + UUID.randomUUID();
        Letter letter = new Letter("letter-" + UUID.randomUUID(), consultation, organism, LetterType.COURRIER_LIBRE,
                SendMode.ACCESS_LINK, ReplyOptions.NONE, "Objet", "<p>Bonjour</p>", List.of(),
                new Agent("agent-1", "Alice MARTIN", "alice.martin@example.fr", organism, "DSI"),
                LetterState.SENT, T0, T0, T0, 1);
        List<String> ids = List.of("dlv-" + UUID.randomUUID(), "dlv-" + UUID.randomUUID());
        for (int i = 0; i < ids.size(); i++) {
            deliveries.createIfAbsent(new Delivery(ids.get(i), letter.id(), consultation, organism,
                    Recipient.typed("oe" + i + "@example.com"), T0.plusMillis(i), null), letter);
        }
        Instant now = Instant.now();
        DynamoTrackingStore writer = new DynamoTrackingStore(dynamo, table);
        DynamoTrackingStore reader = new DynamoTrackingStore(interceptingQueries(), table,
                Clock.fixed(now, ZoneOffset.UTC));
        assertEquals(Map.of(DeliveryStatus.SENDING, 2), reader.counts(organism, consultation, null, null).byStatus());
        Map<String, AttributeValue> recounted = countsItem(organism, consultation);

        // Eleven minutes on, the counts are stale: the next call recounts, and a star is counted meanwhile.
        DynamoTrackingStore later = new DynamoTrackingStore(interceptingQueries(), table,
                Clock.fixed(now.plus(Duration.ofMinutes(11)), ZoneOffset.UTC));
        beforeNextQuery.set(() -> writer.setFavorite(ids.get(0), true));
        assertEquals(Map.of(DeliveryStatus.SENDING, 2), later.counts(organism, consultation, null, null).byStatus());

        Map<String, AttributeValue> afterRace = countsItem(organism, consultation);
        assertEquals("1", afterRace.get("f_SENDING").n(), "the star's count is kept");
        assertEquals(recounted.get("recountedAt"), afterRace.get("recountedAt"),
                "the recount's write was refused: the item moved while it read");
        assertEquals(Map.of(DeliveryStatus.SENDING, 1),
                later.counts(organism, consultation, null, null).favoritesByStatus(),
                "still stale, so recounted again, with the star");
        assertEquals(now.plus(Duration.ofMinutes(11)).toString(),
                countsItem(organism, consultation).get("recountedAt").s());
    }

    private Map<String, AttributeValue> countsItem(String organism, String consultation) {
        return dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "PK", AttributeValue.fromS("ORG#" + organism + "#CONS#" + consultation),
                "SK", AttributeValue.fromS("COUNTS")))).item();
    }

    /** The real client, with {@link #beforeNextQuery} run before a Query. */
    private DynamoDbClient interceptingQueries() {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("query")) {
                        Runnable writer = beforeNextQuery.getAndSet(null);
                        if (writer != null) {
                            writer.run();
                        }
                    }
                    try {
                        return method.invoke(dynamo, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
