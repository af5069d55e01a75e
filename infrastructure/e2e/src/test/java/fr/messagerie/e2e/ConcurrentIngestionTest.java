package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import fr.messagerie.aws.AwsClients;
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
import fr.messagerie.sesevents.SesEventsHandler;
import fr.messagerie.support.Json;
import fr.messagerie.tracking.TrackingRow;
import fr.messagerie.tracking.TrackingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ses-events function records a batch's messages at once ({@code SqsBatch.process} with a parallelism), so the
 * events of one delivery in a batch race for its projection. Here on DynamoDB Local, through the handler: every
 * notification arrives twice, the batches are shuffled and run two at a time, and a fifth of the reads and writes
 * crash, before the request (nothing written) or after it (written, but the function never knew). The failed
 * messages come back, as SQS would redeliver them, until none is left: every event is then kept once, and each
 * delivery's projection and the consultation's counts are those of its whole log.
 */
@ExtendWith(LocalAwsExtension.class)
class ConcurrentIngestionTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final int BATCH_SIZE = 10;

    private final LocalSystem system;
    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoDeliveryStore store;
    private final DynamoDeliveryLog deliveryLog;
    private final DynamoTrackingStore tracking;

    ConcurrentIngestionTest(LocalSystem system) {
        this.system = system;
        this.dynamo = system.dynamoDb();
        this.table = system.resources().tableName("MessagerieTable");
        this.store = new DynamoDeliveryStore(dynamo, table);
        this.deliveryLog = new DynamoDeliveryLog(dynamo, table);
        this.tracking = new DynamoTrackingStore(dynamo, table);
    }

    @Test
    void racing_replayed_reordered_and_crashing_notifications_are_each_kept_once_with_the_right_projection()
            throws Exception {
        String organism = "org-" + UUID.randomUUID();
        String consultation = "cons-" + UUID.randomUUID();
        Letter letter = new Letter("letter-" + UUID.randomUUID(), consultation, organism, LetterType.COURRIER_LIBRE,
                SendMode.ACCESS_LINK, ReplyOptions.NONE, "Objet", "<p>Bonjour</p>", List.of(),
                new Agent("agent-1", "Alice MARTIN", "alice.martin@example.fr", organism, "DSI"),
                LetterState.SENT, T0, T0, T0, 1);
        List<String> deliveries = new ArrayList<>();
        Map<String, Set<String>> expectedIds = new HashMap<>();
        Map<String, List<DeliveryEvent>> sentEvents = new HashMap<>();
        List<SQSEvent.SQSMessage> notifications = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "dlv-" + UUID.randomUUID();
            deliveries.add(id);
            String address = "oe" + i + "@example.com";
            store.createIfAbsent(new Delivery(id, letter.id(), consultation, organism, new Recipient(address,
                    "Contact " + i, "Entreprise " + i, Register.FREE_RECIPIENTS), T0.plusMillis(i), null), letter);
            DeliveryEvent sent = new DeliveryEvent("sent:" + id + ":1", EventType.SENT, T0, 1, "agent-1",
                    Map.of(DeliveryEvent.MESSAGE_ID, "ses-" + id));
            new RecordDeliveryEvent(deliveryLog).record(id, sent);
            sentEvents.put(id, List.of(sent));
            Set<String> ids = new HashSet<>(Set.of(sent.id()));
            String messageId = "ses-" + id;
            List<String> events = new ArrayList<>(List.of(
                    delay(messageId, address, id, 5), delay(messageId, address, id, 7),
                    delivered(messageId, address, id, 10)));
            ids.add("ses:" + messageId + ":delay:" + T0.plusSeconds(5));
            ids.add("ses:" + messageId + ":delay:" + T0.plusSeconds(7));
            ids.add("ses:" + messageId + ":delivery");
            if (i % 2 == 1) {
                events.add(bounce(messageId, address, id, 12));
                ids.add("ses:bounce-" + id);
            } else {
                events.add(complaint(messageId, address, id, 40));
                ids.add("ses:complaint-" + id);
            }
            expectedIds.put(id, ids);
            for (String body : events) {
                // Each notification twice: SNS and SQS deliver at least once.
                notifications.add(message(body));
                notifications.add(message(body));
            }
        }
        tracking.counts(organism, consultation, null, null);

        Random random = new Random(11);
        AtomicInteger crashesBefore = new AtomicInteger();
        AtomicInteger crashesAfter = new AtomicInteger();
        AtomicInteger stale = new AtomicInteger();
        Map<String, String> env = system.functionEnv("SesEventsFunction");
        DynamoDbClient crashing = AwsClients.configure(DynamoDbClient.builder(), env, "DYNAMODB")
                .overrideConfiguration(o -> o.addExecutionInterceptor(new Crashes(random, crashesBefore,
                        crashesAfter, stale)))
                .build();
        SesEventsHandler handler = new SesEventsHandler(new RecordDeliveryEvent(new DynamoDeliveryLog(crashing,
                table)));

        List<SQSEvent.SQSMessage> pending = new ArrayList<>(notifications);
        int rounds = 0;
        ExecutorService pumps = Executors.newFixedThreadPool(2);
        try {
            while (!pending.isEmpty()) {
                assertTrue(++rounds <= 60, "redeliveries end: " + pending.size() + " left");
                Collections.shuffle(pending, random);
                List<Future<List<SQSEvent.SQSMessage>>> batches = new ArrayList<>();
                for (int from = 0; from < pending.size(); from += BATCH_SIZE) {
                    List<SQSEvent.SQSMessage> batch = List.copyOf(pending.subList(from,
                            Math.min(from + BATCH_SIZE, pending.size())));
                    batches.add(pumps.submit(() -> failed(batch, handler.handleRequest(event(batch), null))));
                }
                List<SQSEvent.SQSMessage> again = new ArrayList<>();
                for (Future<List<SQSEvent.SQSMessage>> batch : batches) {
                    again.addAll(batch.get());
                }
                pending = again;
            }
        } finally {
            pumps.shutdown();
            crashing.close();
        }
        assertTrue(crashesBefore.get() > 0 && crashesAfter.get() > 0,
                "crashes happened on both sides of a write: " + crashesBefore + " " + crashesAfter);
        assertTrue(stale.get() > 0, "events of one delivery raced for its projection");

        Map<String, TrackingRow> rows = tracking.rows(organism, consultation, null, null).stream()
                .collect(Collectors.toMap(TrackingRow::deliveryId, row -> row));
        Map<DeliveryStatus, Integer> byStatus = new EnumMap<>(DeliveryStatus.class);
        for (String id : deliveries) {
            List<DeliveryEvent> recorded = deliveryLog.events(id);
            assertEquals(expectedIds.get(id).stream().sorted().toList(),
                    recorded.stream().map(DeliveryEvent::id).sorted().toList(), "each event once");
            DeliveryProjection expected = DeliveryProjection.of(recorded);
            TrackingRow row = rows.get(id);
            assertEquals(expected.status(), row.status(), id);
            assertEquals(expected.reason(), row.nonDeliveryReason(), id);
            assertEquals(expected.letterTimes().get("E"), row.sentE(), id);
            assertEquals(expected.letterTimes().get("D"), row.deliveredD(), id);
            assertEquals(recorded.size(), deliveryLog.head(id).orElseThrow().projection().events(), id);
            byStatus.merge(row.status(), 1, Integer::sum);
        }
        assertEquals(sentEvents.size(), byStatus.values().stream().mapToInt(Integer::intValue).sum());
        TrackingStore.Counts counts = tracking.counts(organism, consultation, null, null);
        assertEquals(byStatus, counts.byStatus(), "the stored counts follow every change");
    }

    /** A fifth of the GetItem and TransactWriteItems calls crash, half before the request, half after its answer. */
    private record Crashes(Random random, AtomicInteger before, AtomicInteger after, AtomicInteger stale)
            implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (crashable(context.request()) && draw() < 0.1) {
                before.incrementAndGet();
                throw new IllegalStateException("crash before the request");
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (crashable(context.request()) && draw() < 0.1) {
                after.incrementAndGet();
                throw new IllegalStateException("crash after the answer");
            }
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            if (context.exception() instanceof TransactionCanceledException canceled
                    && canceled.cancellationReasons().size() > 1
                    && !"ConditionalCheckFailed".equals(canceled.cancellationReasons().get(0).code())
                    && canceled.cancellationReasons().stream().map(CancellationReason::code)
                    .anyMatch(code -> "ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code))) {
                stale.incrementAndGet();
            }
        }

        private static boolean crashable(Object request) {
            return request instanceof GetItemRequest || request instanceof TransactWriteItemsRequest;
        }

        private double draw() {
            synchronized (random) {
                return random.nextDouble();
            }
        }
    }

    private static List<SQSEvent.SQSMessage> failed(List<SQSEvent.SQSMessage> batch, SQSBatchResponse response) {
        Set<String> ids = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        return batch.stream().filter(message -> ids.contains(message.getMessageId())).toList();
    }

    private static SQSEvent event(List<SQSEvent.SQSMessage> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    private static SQSEvent.SQSMessage message(String sesEvent) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setReceiptHandle(UUID.randomUUID().toString());
        message.setBody(Json.MAPPER.createObjectNode().put("Type", "Notification")
                .put("MessageId", UUID.randomUUID().toString())
                .put("TopicArn", "arn:aws:sns:eu-west-3:000000000000:ses-events")
                .put("Timestamp", T0.toString()).put("Message", sesEvent).toString());
        return message;
    }

    private static String mail(String messageId, String address, String deliveryId) {
        return """
                "mail": {"timestamp": "%s", "source": "nepasrepondre@exemple.fr", "messageId": "%s",
                         "destination": ["%s"], "tags": {"deliveryId": ["%s"], "attempt": ["1"]}}"""
                .formatted(T0, messageId, address, deliveryId);
    }

    private static String delivered(String messageId, String address, String deliveryId, int second) {
        return """
                {"eventType": "Delivery", %s,
                 "delivery": {"timestamp": "%s", "processingTimeMillis": 1000, "recipients": ["%s"],
                              "smtpResponse": "250 2.6.0 Message received", "reportingMTA": "a1.amazonses.com"}}"""
                .formatted(mail(messageId, address, deliveryId), T0.plusSeconds(second), address);
    }

    private static String delay(String messageId, String address, String deliveryId, int second) {
        return """
                {"eventType": "DeliveryDelay", %s,
                 "deliveryDelay": {"timestamp": "%s", "delayType": "TransientCommunicationFailure",
                                   "expirationTime": "%s",
                                   "delayedRecipients": [{"emailAddress": "%s", "status": "4.4.1",
                                                          "diagnosticCode": "smtp; 421 4.4.1 Unable to connect"}]}}"""
                .formatted(mail(messageId, address, deliveryId), T0.plusSeconds(second), T0.plusSeconds(86_400),
                        address);
    }

    private static String bounce(String messageId, String address, String deliveryId, int second) {
        return """
                {"eventType": "Bounce", %s,
                 "bounce": {"timestamp": "%s", "bounceType": "Permanent", "bounceSubType": "General",
                            "feedbackId": "bounce-%s",
                            "bouncedRecipients": [{"emailAddress": "%s", "status": "5.1.1",
                                                   "diagnosticCode": "smtp; 550 5.1.1 user unknown"}]}}"""
                .formatted(mail(messageId, address, deliveryId), T0.plusSeconds(second), deliveryId, address);
    }

    private static String complaint(String messageId, String address, String deliveryId, int second) {
        return """
                {"eventType": "Complaint", %s,
                 "complaint": {"timestamp": "%s", "complaintFeedbackType": "abuse", "feedbackId": "complaint-%s",
                               "complainedRecipients": [{"emailAddress": "%s"}]}}"""
                .formatted(mail(messageId, address, deliveryId), T0.plusSeconds(second), deliveryId, address);
    }
}
