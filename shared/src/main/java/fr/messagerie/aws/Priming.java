package fr.messagerie.aws;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * SnapStart priming of a function: a CRaC runtime hook that Lambda runs once per published version, after the
 * handler's init and before the snapshot every execution environment of that version is restored from. It runs the
 * function's own code on synthetic requests through an offline twin of the handler, wired from the same environment
 * plus {@link AwsClients#OFFLINE}: its SDK clients marshal, sign and parse as usual but answer in the process. While
 * the priming runs, their DynamoDB is a scratch table in memory that holds only the synthetic records the priming
 * writes ({@link PrimingRecords}), so that the synthetic requests can go as far as real ones. So the snapshot holds
 * loaded classes, compiled code and built Jackson and SDK metadata, and nothing that must stay unique to one
 * environment: no connection is opened, the function's credentials are never resolved (SnapStart gives them after
 * restore), no data is read or written, no token or id of the function's is drawn (a twin gets fixed synthetic
 * ones, or is not asked what would draw one), and the twin and its scratch table are dropped. Outside a CRaC
 * runtime (tests, the local runtime) registering does nothing.
 *
 * <p>The handler keeps the returned hook in a field: the CRaC context only holds its hooks weakly.
 */
public final class Priming implements Resource {
    private static final Logger LOG = Logger.getLogger(Priming.class.getName());
    /** The agent of the synthetic API requests; its organism has only what the priming writes (PrimingRecords). */
    private static final Map<String, String> AGENT_CLAIMS = Map.of("sub", "priming", "name", "Amorçage",
            "email", "amorcage@messagerie.invalid", "custom:organism", PrimingRecords.ORGANISM, "token_use", "id");

    /**
     * How many times the priming runs: the functions run C1 alone (TieredStopAtLevel=1), which compiles a method
     * after a couple hundred calls; one round leaves a request's path interpreted, ten compile its hot part.
     */
    public static final int ROUNDS = 10;
    private final String function;
    private final Runnable priming;

    private Priming(String function, Runnable priming) {
        this.function = function;
        this.priming = priming;
    }

    /** Registers {@code priming} to run before the snapshot of the function whose handler is {@code handler}. */
    public static Priming register(Class<?> handler, Runnable priming) {
        Priming hook = new Priming(handler.getSimpleName(), priming);
        Core.getGlobalContext().register(hook);
        return hook;
    }

    /** The environment of an offline twin: same settings, SDK clients that never leave the process. */
    public static Map<String, String> offline(Map<String, String> env) {
        Map<String, String> twin = new HashMap<>(env);
        twin.put(AwsClients.OFFLINE, "true");
        return twin;
    }

    /**
     * Runs the priming now, {@value #ROUNDS} times: what Lambda does before the snapshot (the benchmark calls it the
     * same way). Returns what the twin's offline clients answered: every request the priming made, none of which left
     * the process.
     */
    public Offline prime() {
        long begin = System.nanoTime();
        // The synthetic requests would log what they do as if it were true.
        Logger project = Logger.getLogger("fr.messagerie");
        Level level = project.getLevel();
        project.setLevel(Level.OFF);
        OfflineHttpClient.Scratch scratch = OfflineHttpClient.scratch();
        RuntimeException stopped = null;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                priming.run();
            }
        } catch (RuntimeException e) {
            stopped = e;
        } finally {
            scratch.close();
            project.setLevel(level);
        }
        if (stopped != null) {
            // A snapshot without priming is slower to start, never wrong: keep it.
            LOG.log(Level.WARNING, "Priming of " + function + " stopped early", stopped);
        }
        Offline offline = scratch.answered();
        LOG.info(() -> "Primed " + function + " in " + (System.nanoTime() - begin) / 1_000_000 + " ms: "
                + offline.requests() + " offline requests, " + offline.itemsRead() + " synthetic items read, "
                + offline.emails() + " emails");
        return offline;
    }

    /**
     * What the offline clients of one priming answered, in the process.
     *
     * @param itemsRead the synthetic items DynamoDB GetItem and Query returned from the priming's scratch table
     * @param emails    SESv2 SendEmail requests
     */
    public record Offline(int requests, int itemsRead, int emails) {
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the priming left no connection, credentials or random state behind.
    }

    /** An HTTP API request (payload 2.0) of the agent API, as API Gateway passes it after the JWT authorizer. */
    public static APIGatewayV2HTTPEvent agentRequest(String routeKey, String path, Map<String, String> pathParameters,
                                                     String body) {
        APIGatewayV2HTTPEvent event = request(routeKey, path, pathParameters, body);
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(AGENT_CLAIMS);
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
                new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        event.getRequestContext().setAuthorizer(authorizer);
        return event;
    }

    /** A request of a public route (no authorizer). */
    public static APIGatewayV2HTTPEvent request(String routeKey, String path, Map<String, String> pathParameters,
                                                String body) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(routeKey.substring(0, routeKey.indexOf(' ')));
        http.setPath(path);
        http.setSourceIp("192.0.2.1");
        http.setUserAgent("priming");
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRouteKey(routeKey);
        context.setRequestId("priming");
        context.setHttp(http);
        context.setDomainName("priming.invalid");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(routeKey);
        event.setRawPath(path);
        event.setRawQueryString("");
        event.setPathParameters(pathParameters);
        Map<String, String> headers = new HashMap<>(Map.of("host", "priming.invalid", "accept", "*/*"));
        if (body != null) {
            headers.put("content-type", body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded");
        }
        event.setHeaders(headers);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        event.setRequestContext(context);
        return event;
    }

    /** A batch of one SQS message, as the event source mapping delivers it. */
    public static SQSEvent sqsMessage(String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("priming");
        message.setReceiptHandle("priming");
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        message.setEventSource("aws:sqs");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    /** Invokes each event on the twin; a failing one does not stop the others. */
    @SafeVarargs
    public static <E> void invoke(RequestHandler<E, ?> twin, E... events) {
        for (E event : events) {
            try {
                twin.handleRequest(event, null);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Priming request failed", e);
            }
        }
    }

    /** Runs one more piece of priming, isolated like a request. */
    public static <T> void exercise(T subject, Consumer<T> exercise) {
        try {
            exercise.accept(subject);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Priming exercise failed", e);
        }
    }
}
