package fr.messagerie.sesevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoDeliveryLog;
import fr.messagerie.aws.Priming;
import fr.messagerie.aws.PrimingRecords;
import fr.messagerie.aws.SqsBatch;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.SendMode;
import fr.messagerie.support.Json;
import fr.messagerie.support.Logs;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;
import java.util.logging.Logger;

/**
 * Consumes SES event notifications (SNS envelope, raw, or EventBridge) and records them on their delivery.
 * Unreadable notifications are left to the dead-letter queue for inspection; SNS and SES setup messages, events we do
 * not record, and events about messages that are not ours (no tags, unknown delivery) are logged and acknowledged.
 */
public final class SesEventsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = Logger.getLogger(SesEventsHandler.class.getName());
    /**
     * The messages of a batch (the template's BatchSize is 10) recorded at once. Two events of one delivery may then
     * race: the loser's conditional write is refused as stale and it folds itself on the winner's head.
     */
    private static final int PARALLELISM = SqsBatch.PARALLELISM;

    static {
        Logs.init();
    }

    private final SesNotificationParser parser = new SesNotificationParser(Json.MAPPER);
    /** A Delivery notification of SES event publishing in its SNS envelope, about no delivery of ours. */
    private static final String PRIMING_EVENT = """
            {"eventType": "Delivery",
             "mail": {"timestamp": "2026-01-01T00:00:00.000Z", "source": "nepasrepondre@exemple.fr",
                      "messageId": "amorcage", "destination": ["a@exemple.fr"],
                      "tags": {"deliveryId": ["amorcage"], "attempt": ["1"]}},
             "delivery": {"timestamp": "2026-01-01T00:00:01.000Z", "processingTimeMillis": 1000,
                          "recipients": ["a@exemple.fr"], "smtpResponse": "250 2.6.0 Message received",
                          "reportingMTA": "a1-1.smtp-out.eu-west-3.amazonses.com"}}""";

    private final RecordDeliveryEvent recordEvent;
    /** The SnapStart priming hook, held here (see {@link Priming}). */
    private Priming priming;

    public SesEventsHandler() {
        this(System.getenv());
    }

    public SesEventsHandler(Map<String, String> env) {
        this(wire(env));
        priming = Priming.register(SesEventsHandler.class, () -> prime(Priming.offline(env)));
    }

    /** A Delivery notification for a synthetic sent delivery: found, folded and written as a real one. */
    private static void prime(Map<String, String> offline) {
        PrimingRecords.write(offline, "amorcage", SendMode.ACCESS_LINK, LetterState.SENT);
        Priming.invoke(new SesEventsHandler(wire(offline)), Priming.sqsMessage(Json.MAPPER.createObjectNode()
                        .put("Type", "Notification").put("MessageId", "amorcage")
                        .put("TopicArn", "arn:aws:sns:eu-west-3:000000000000:amorcage")
                        .put("Timestamp", "2026-01-01T00:00:02.000Z").put("Message", PRIMING_EVENT).toString()));
    }

    private static RecordDeliveryEvent wire(Map<String, String> env) {
        return new RecordDeliveryEvent(new DynamoDeliveryLog(
                AwsClients.configure(DynamoDbClient.builder(), env, "DYNAMODB").build(),
                AwsClients.required(env, "TABLE_NAME")));
    }

    public SesEventsHandler(RecordDeliveryEvent recordEvent) {
        this.recordEvent = recordEvent;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, PARALLELISM, message -> {
            SesNotification notification;
            try {
                notification = parser.parse(message.getBody());
            } catch (MalformedNotificationException e) {
                LOG.severe(() -> "Unreadable SES notification " + message.getMessageId() + ", left for the DLQ: "
                        + e.getMessage());
                return false;
            }
            if (notification instanceof SesNotification.Feedback feedback) {
                RecordDeliveryEvent.Outcome outcome = recordEvent.record(feedback.deliveryId(), feedback.event());
                LOG.info(() -> "SES " + feedback.event().type() + " for delivery " + feedback.deliveryId() + ": "
                        + outcome);
            } else if (notification instanceof SesNotification.Ignored ignored) {
                // Setup messages, events we never record, events of mail we did not tag: retrying cannot help.
                LOG.info(() -> "SES notification " + message.getMessageId() + " acknowledged, nothing recorded: "
                        + ignored.why());
            }
            return true;
        });
    }
}
