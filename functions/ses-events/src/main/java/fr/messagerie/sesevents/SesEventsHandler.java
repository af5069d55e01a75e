package fr.messagerie.sesevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import fr.messagerie.app.RecordDeliveryEvent;
import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoDeliveryStore;
import fr.messagerie.aws.SqsBatch;
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

    static {
        Logs.init();
    }

    private final SesNotificationParser parser = new SesNotificationParser(Json.MAPPER);
    private final RecordDeliveryEvent recordEvent;

    public SesEventsHandler() {
        this(System.getenv());
    }

    public SesEventsHandler(Map<String, String> env) {
        this(new RecordDeliveryEvent(new DynamoDeliveryStore(
                AwsClients.configure(DynamoDbClient.builder(), env, "DYNAMODB").build(),
                AwsClients.required(env, "TABLE_NAME"))));
    }

    public SesEventsHandler(RecordDeliveryEvent recordEvent) {
        this.recordEvent = recordEvent;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, message -> {
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
