package fr.messagerie.send;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoStores;
import fr.messagerie.aws.LazyFileStore;
import fr.messagerie.aws.Priming;
import fr.messagerie.aws.PrimingRecords;
import fr.messagerie.aws.S3FileStore;
import fr.messagerie.aws.SesMailer;
import fr.messagerie.aws.SqsBatch;
import fr.messagerie.aws.SqsRetryLater;
import fr.messagerie.delivery.DispatchBackoff;
import fr.messagerie.delivery.DispatchDelivery;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.files.FileStore;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.SendMode;
import fr.messagerie.recipient.AccessTokens;
import fr.messagerie.support.Json;
import fr.messagerie.support.Lazy;
import fr.messagerie.support.Logs;
import fr.messagerie.support.Wiring;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Consumes the dispatch queue: one email per delivery, sent once. When SES sends nothing for now (throttling, quota,
 * paused sending), the dispatch waits in the queue with a growing backoff, and so does the rest of the batch.
 * The dispatches of a batch go out several at a time once the first one did ({@link SqsBatch#processFirstAlone}).
 */
public final class SendHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = Logger.getLogger(SendHandler.class.getName());
    private static final String PRIMING_ACCESS_LINK = "amorcage";
    private static final String PRIMING_SIMPLE = "amorcage-simple";
    /**
     * The dispatches of a batch (the template's BatchSize is 10) sent at once, after the first: each is claimed, so
     * none is sent twice; a throttled one stops those not yet started, and at most this many asked SES in vain.
     */
    private static final int PARALLELISM = SqsBatch.PARALLELISM;

    static {
        Logs.init();
    }

    private final Supplier<DispatchDelivery> dispatchDelivery;
    private final Supplier<SqsRetryLater> retryLater;
    private final DispatchBackoff backoff;
    /** The lazy parts of this handler's wiring, built on first use or before the snapshot. */
    private final Wiring wiring;
    /** The SnapStart priming hook, held here (see {@link Priming}). */
    private Priming priming;

    public SendHandler() {
        this(System.getenv());
    }

    public SendHandler(Map<String, String> env) {
        this(new Wiring(), env);
        priming = Priming.register(SendHandler.class, () -> {
            prime(Priming.offline(env));
            // This handler's own clients, built before the snapshot as if wired at init.
            wiring.buildAll();
        });
    }

    /**
     * The SES and DynamoDB clients on the first dispatch, S3 on the first simple email with files, SQS on the first
     * throttling.
     */
    private SendHandler(Wiring wiring, Map<String, String> env) {
        this(checked(env), wiring);
    }

    private SendHandler(Map<String, String> env, Wiring wiring) {
        this(wiring.lazy(() -> wire(env, AccessTokens::newToken, wiring)), wiring.lazy(() -> retryLater(env)),
                backoff(env), wiring);
    }

    public SendHandler(DispatchDelivery dispatchDelivery, SqsRetryLater retryLater, DispatchBackoff backoff) {
        this(Lazy.ready(dispatchDelivery), Lazy.ready(retryLater), backoff, new Wiring());
    }

    private SendHandler(Supplier<DispatchDelivery> dispatchDelivery, Supplier<SqsRetryLater> retryLater,
                        DispatchBackoff backoff, Wiring wiring) {
        this.dispatchDelivery = dispatchDelivery;
        this.retryLater = retryLater;
        this.backoff = backoff;
        this.wiring = wiring;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        AtomicBoolean throttled = new AtomicBoolean();
        // The first alone: when SES declines it, the rest of the batch waits without asking SES.
        return SqsBatch.processFirstAlone(event, PARALLELISM, message -> {
            if (throttled.get()) {
                waitInQueue(message);
                return false;
            }
            DispatchQueue.Dispatch dispatch = parse(message.getBody());
            DispatchDelivery.Outcome outcome = dispatchDelivery.get().dispatch(dispatch);
            LOG.info(() -> "Delivery " + dispatch.deliveryId() + " attempt " + dispatch.attempt() + ": " + outcome);
            if (outcome == DispatchDelivery.Outcome.THROTTLED) {
                throttled.set(true);
                waitInQueue(message);
                return false;
            }
            return outcome != DispatchDelivery.Outcome.RETRY_LATER;
        });
    }

    /** Reported as failed afterwards, the message keeps its receives for longer: it comes back after the wait. */
    private void waitInQueue(SQSEvent.SQSMessage message) {
        Duration wait = backoff.waitAfter(SqsRetryLater.receiveCount(message));
        retryLater.get().after(message, wait);
        LOG.info(() -> "Message " + message.getMessageId() + " waits " + wait + " in the dispatch queue");
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

    /**
     * The dispatch of a sent letter of each mode, whole: delivery and letter read and parsed, claim, the email
     * rendered (access-link notification; simple email with its file read and attached), SES SendEmail marshalled
     * and "sent", the sent event recorded and the status projected, all on the twin's synthetic records. Its access
     * links get a fixed synthetic token: the priming draws none.
     */
    private static void prime(Map<String, String> offline) {
        PrimingRecords.write(offline, PRIMING_ACCESS_LINK, SendMode.ACCESS_LINK, LetterState.SENT);
        PrimingRecords.write(offline, PRIMING_SIMPLE, SendMode.SIMPLE, LetterState.SENT);
        SendHandler twin = new SendHandler(wire(offline, PrimingRecords::token, null), retryLater(offline),
                backoff(offline));
        Priming.invoke(twin, Priming.sqsMessage("{\"deliveryId\": \"" + PRIMING_ACCESS_LINK + "\", \"attempt\": 1}"),
                Priming.sqsMessage("{\"deliveryId\": \"" + PRIMING_SIMPLE + "\", \"attempt\": 1}"),
                Priming.sqsMessage("{\"deliveryId\": \"amorcage-absente\", \"attempt\": 1}"));
    }

    /** The settings of the clients wired on first use, checked at init as when they were built there. */
    private static Map<String, String> checked(Map<String, String> env) {
        AwsClients.requireAll(env, "TABLE_NAME", "SENDER_ADDRESS", "CONFIGURATION_SET_NAME", "RECIPIENT_BASE_URL",
                "DISPATCH_QUEUE_URL");
        S3FileStore.checkEnv(env);
        return env;
    }

    private static SqsRetryLater retryLater(Map<String, String> env) {
        return new SqsRetryLater(AwsClients.configure(SqsClient.builder(), env, "SQS").build(),
                AwsClients.required(env, "DISPATCH_QUEUE_URL"));
    }

    private static DispatchBackoff backoff(Map<String, String> env) {
        return new DispatchBackoff(Duration.ofSeconds(Long.parseLong(
                AwsClients.required(env, "THROTTLED_DISPATCH_FIRST_WAIT_SECONDS"))));
    }

    /** @param wiring where the S3 client is built lazily, or null to build it now */
    private static DispatchDelivery wire(Map<String, String> env, Function<String, String> tokens, Wiring wiring) {
        SesV2Client ses = AwsClients.configure(SesV2Client.builder(), env, "SESV2")
                // A brief throttling is retried here; a longer one waits in the queue, not in a running function.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(3).build()))
                .build();
        DynamoStores stores = DynamoStores.fromEnv(env);
        FileStore files = wiring == null ? S3FileStore.fromEnv(env)
                : new LazyFileStore(wiring.lazy(() -> S3FileStore.fromEnv(env)));
        return new DispatchDelivery(stores.letters(), stores.deliveryLog(), stores.dispatchClaims(),
                stores.attachments(), files,
                new LetterEmailRenderer(),
                new SesMailer(ses, AwsClients.required(env, "SENDER_ADDRESS"),
                        AwsClients.required(env, "CONFIGURATION_SET_NAME")),
                AwsClients.required(env, "RECIPIENT_BASE_URL"), Clock.systemUTC(), tokens);
    }
}
