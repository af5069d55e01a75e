package fr.messagerie.send;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import fr.messagerie.app.DispatchDelivery;
import fr.messagerie.app.DispatchQueue;
import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoStores;
import fr.messagerie.aws.Priming;
import fr.messagerie.aws.S3FileStore;
import fr.messagerie.aws.SesMailer;
import fr.messagerie.aws.SqsBatch;
import fr.messagerie.support.Json;
import fr.messagerie.support.Logs;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.time.Clock;
import java.util.Map;
import java.util.logging.Logger;

/** Consumes the dispatch queue: one email per delivery, sent once. */
public final class SendHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = Logger.getLogger(SendHandler.class.getName());

    static {
        Logs.init();
    }

    private final DispatchDelivery dispatchDelivery;
    /** The SnapStart priming hook, held here (see {@link Priming}). */
    private Priming priming;

    public SendHandler() {
        this(System.getenv());
    }

    public SendHandler(Map<String, String> env) {
        this(wire(env));
        priming = Priming.register(SendHandler.class,
                () -> Priming.invoke(new SendHandler(wire(Priming.offline(env))),
                        Priming.sqsMessage("{\"deliveryId\": \"amorcage\", \"attempt\": 1}")));
    }

    public SendHandler(DispatchDelivery dispatchDelivery) {
        this.dispatchDelivery = dispatchDelivery;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, message -> {
            DispatchQueue.Dispatch dispatch = parse(message.getBody());
            DispatchDelivery.Outcome outcome = dispatchDelivery.dispatch(dispatch);
            LOG.info(() -> "Delivery " + dispatch.deliveryId() + " attempt " + dispatch.attempt() + ": " + outcome);
            return outcome != DispatchDelivery.Outcome.RETRY_LATER;
        });
    }

    private static DispatchQueue.Dispatch parse(String body) {
        try {
            DispatchQueue.Dispatch dispatch = Json.MAPPER.readValue(body, DispatchQueue.Dispatch.class);
            if (dispatch.deliveryId() == null || dispatch.attempt() < 1) {
                throw new IllegalArgumentException("Not a dispatch: " + body);
            }
            return dispatch;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a dispatch: " + body, e);
        }
    }

    private static DispatchDelivery wire(Map<String, String> env) {
        SesV2Client ses = AwsClients.configure(SesV2Client.builder(), env, "SESV2")
                // Throttling by SES is retried with backoff here first, then by the queue.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(6).build()))
                .build();
        DynamoStores stores = DynamoStores.fromEnv(env);
        return new DispatchDelivery(stores.letters(), stores.deliveries(), stores.attachments(),
                S3FileStore.fromEnv(env), new LetterEmailRenderer(),
                new SesMailer(ses, AwsClients.required(env, "SENDER_ADDRESS"),
                        AwsClients.required(env, "CONFIGURATION_SET_NAME")),
                AwsClients.required(env, "RECIPIENT_BASE_URL"), Clock.systemUTC());
    }
}
