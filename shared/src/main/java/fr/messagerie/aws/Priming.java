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
 * plus {@link AwsClients#OFFLINE}: its SDK clients marshal, sign and parse as usual but answer in the process. So
 * the snapshot holds loaded classes, compiled code and built Jackson and SDK metadata, and nothing that must stay
 * unique to one environment: no connection is opened, the function's credentials are never resolved (SnapStart
 * gives them after restore), no data is read or written, and the twin is dropped. Outside a CRaC runtime (tests,
 * the local runtime) registering does nothing.
 *
 * <p>The handler keeps the returned hook in a field: the CRaC context only holds its hooks weakly.
 */
public final class Priming implements Resource {
    private static final Logger LOG = Logger.getLogger(Priming.class.getName());
    /** The agent of the synthetic API requests; its organism has no consultation. */
    private static final Map<String, String> AGENT_CLAIMS = Map.of("sub", "priming", "name", "Amorçage",
            "email", "amorcage@messagerie.invalid", "custom:organism", "amorcage", "token_use", "id");

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

    /** Runs the priming now: what Lambda does before the snapshot (the benchmark calls it the same way). */
    public void prime() {
        long begin = System.nanoTime();
        // The synthetic requests find nothing and would log it as if it were true.
        Logger project = Logger.getLogger("fr.messagerie");
        Level level = project.getLevel();
        project.setLevel(Level.OFF);
        try {
            priming.run();
        } catch (RuntimeException e) {
            // A snapshot without priming is slower to start, never wrong: keep it.
            LOG.log(Level.WARNING, "Priming of " + function + " stopped early", e);
        } finally {
            project.setLevel(level);
        }
        LOG.info(() -> "Primed " + function + " in " + (System.nanoTime() - begin) / 1_000_000 + " ms");
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
