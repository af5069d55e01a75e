package fr.messagerie.e2e;

import fr.messagerie.aws.DynamoDeliveryLog;
import fr.messagerie.aws.DynamoDeliveryStore;
import fr.messagerie.aws.DynamoTrackingStore;
import fr.messagerie.common.Agent;
import fr.messagerie.consultations.Register;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryProjection;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.tracking.TrackingRow;
import fr.messagerie.tracking.TrackingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The event log on DynamoDB Local under what SES and people really do: the events of several deliveries recorded
 * from parallel threads, each twice, in shuffled order, while agents star some of them. Every event is kept once, and
 * each delivery's status, E/D/L/R times and reason, and the consultation's counts, are those of its whole log.
 */
@ExtendWith(LocalAwsExtension.class)
class EventLogConcurrencyTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoDeliveryStore store;
    private final DynamoDeliveryLog deliveryLog;
    private final DynamoTrackingStore tracking;

    EventLogConcurrencyTest(LocalSystem system) {
        this.dynamo = system.dynamoDb();
        this.table = system.resources().tableName("MessagerieTable");
        this.store = new DynamoDeliveryStore(dynamo, table);
        this.deliveryLog = new DynamoDeliveryLog(dynamo, table);
        this.tracking = new DynamoTrackingStore(dynamo, table);
    }

    @Test
    void parallel_replayed_and_reordered_events_are_each_kept_once_and_projected_with_the_counts() throws Exception {
        String organism = "org-" + UUID.randomUUID();
        String consultation = "cons-" + UUID.randomUUID();
        Agent author = new Agent("agent-1", "Alice MARTIN", "alice.martin@example.fr", organism, "DSI");
        Letter letter = new Letter("letter-" + UUID.randomUUID(), consultation, organism, LetterType.COURRIER_LIBRE,
                SendMode.ACCESS_LINK, ReplyOptions.NONE, "Objet", "<p>Bonjour</p>", List.of(), author,
                LetterState.SENT, T0, T0, T0, 1);
        List<String> deliveries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "dlv-" + UUID.randomUUID();
            deliveries.add(id);
            store.createIfAbsent(new Delivery(id, letter.id(), consultation, organism, new Recipient(
                    "oe" + i + "@example.com", "Contact " + i, "Entreprise " + i, Register.FREE_RECIPIENTS),
                    T0.plusMillis(i), null), letter);
        }
        // Stored counts from now on: what follows must keep them right by itself, not by a recount.
        tracking.counts(organism, consultation, null, null);

        Random random = new Random(7);
        List<Runnable> writes = new ArrayList<>();
        Map<String, List<DeliveryEvent>> logs = new HashMap<>();
        for (int i = 0; i < deliveries.size(); i++) {
            String id = deliveries.get(i);
            List<DeliveryEvent> log = new ArrayList<>(List.of(
                    event(id, "sent1", EventType.SENT, 1, 0),
                    event(id, "delay1", EventType.DELAYED, 1, 5),
                    event(id, "delivery1", EventType.DELIVERED, 1, 10)));
            if (i % 3 == 1) {
                log.add(event(id, "bounce1", EventType.BOUNCED, 1, 12));
                log.add(event(id, "resent2", EventType.RESENT, 2, 60));
                log.add(event(id, "sent2", EventType.SENT, 2, 61));
                log.add(event(id, "delivery2", EventType.DELIVERED, 2, 65));
            }
            if (i % 3 == 2) {
                log.add(event(id, "read", EventType.READ, 1, 30));
                log.add(event(id, "complaint1", EventType.COMPLAINED, 1, 40));
            }
            logs.put(id, log);
            for (DeliveryEvent event : log) {
                writes.add(() -> new RecordDeliveryEvent(deliveryLog).record(id, event));
                writes.add(() -> new RecordDeliveryEvent(deliveryLog).record(id, event));
            }
            if (i % 2 == 0) {
                writes.add(() -> tracking.setFavorite(id, true));
            }
        }
        Collections.shuffle(writes, random);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            writes.forEach(write -> done.add(threads.submit(write)));
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }

        Map<String, TrackingRow> rows = tracking.rows(organism, consultation, null, null).stream()
                .collect(Collectors.toMap(TrackingRow::deliveryId, row -> row));
        Map<DeliveryStatus, Integer> byStatus = new EnumMap<>(DeliveryStatus.class);
        Map<DeliveryStatus, Integer> favorites = new EnumMap<>(DeliveryStatus.class);
        for (String id : deliveries) {
            List<DeliveryEvent> recorded = deliveryLog.events(id);
            assertEquals(logs.get(id).stream().map(DeliveryEvent::id).sorted().toList(),
                    recorded.stream().map(DeliveryEvent::id).sorted().toList(), "each event once");
            DeliveryProjection expected = DeliveryProjection.of(logs.get(id));
            TrackingRow row = rows.get(id);
            assertEquals(expected.status(), row.status(), id);
            assertEquals(expected.reason(), row.nonDeliveryReason(), id);
            Map<String, Instant> times = expected.letterTimes();
            assertEquals(times.get("E"), row.sentE(), id);
            assertEquals(times.get("D"), row.deliveredD(), id);
            assertEquals(times.get("L"), row.readL(), id);
            byStatus.merge(row.status(), 1, Integer::sum);
            if (row.favorite()) {
                favorites.merge(row.status(), 1, Integer::sum);
            }
        }
        assertEquals(Map.of(DeliveryStatus.DELIVERED, 4, DeliveryStatus.READ, 2), byStatus);
        assertEquals(3, favorites.values().stream().mapToInt(Integer::intValue).sum());
        TrackingStore.Counts counts = tracking.counts(organism, consultation, null, null);
        assertEquals(byStatus, counts.byStatus(), "the stored counts follow every change");
        assertEquals(favorites, counts.favoritesByStatus());
    }

    @Test
    void counts_left_wrong_by_a_crash_are_kept_for_ten_minutes_then_recounted_from_the_rows() {
        String organism = "org-" + UUID.randomUUID();
        String consultation = "cons-" + UUID.randomUUID();
        Letter letter = new Letter("letter-" + UUID.randomUUID(), consultation, organism, LetterType.COURRIER_LIBRE,
                SendMode.ACCESS_LINK, ReplyOptions.NONE, "Objet", "<p>Bonjour</p>", List.of(),
                new Agent("agent-1", "Alice MARTIN", "alice.martin@example.fr", organism, "DSI"),
                LetterState.SENT, T0, T0, T0, 1);
        for (int i = 0; i < 3; i++) {
            store.createIfAbsent(new Delivery("dlv-" + UUID.randomUUID(), letter.id(), consultation, organism,
                    Recipient.typed("oe" + i + "@example.com"), T0.plusMillis(i), null), letter);
        }
        Instant now = Instant.now();
        Map<DeliveryStatus, Integer> three = Map.of(DeliveryStatus.SENDING, 3);
        assertEquals(three, at(now).counts(organism, consultation, null, null).byStatus());
        // A writer that died between a delivery's write and its count's.
        dynamo.updateItem(r -> r.tableName(table).key(Map.of(
                        "PK", AttributeValue.fromS("ORG#" + organism + "#CONS#" + consultation),
                        "SK", AttributeValue.fromS("COUNTS")))
                .updateExpression("ADD n_SENDING :two").expressionAttributeValues(Map.of(":two",
                        AttributeValue.fromN("2"))));
        assertEquals(Map.of(DeliveryStatus.SENDING, 5),
                at(now.plus(Duration.ofMinutes(9))).counts(organism, consultation, null, null).byStatus(),
                "kept: the list reads one item");
        assertEquals(three, at(now.plus(Duration.ofMinutes(11))).counts(organism, consultation, null, null)
                .byStatus(), "ten minutes later, recounted from the rows");
    }

    private DynamoTrackingStore at(Instant now) {
        return new DynamoTrackingStore(dynamo, table, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static DeliveryEvent event(String deliveryId, String id, EventType type, int attempt, int second) {
        return new DeliveryEvent(deliveryId + ":" + id, type, T0.plusSeconds(second), attempt, "SES",
                type.isFailure() ? Map.of(DeliveryEvent.REASON, "Adresse inexistante") : Map.of());
    }
}
