package fr.messagerie.tracking;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoStores;
import fr.messagerie.aws.Priming;
import fr.messagerie.aws.PrimingRecords;
import fr.messagerie.aws.SqsDispatchQueue;
import fr.messagerie.common.ProblemException;
import fr.messagerie.consultations.Consultations;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.http.ApiResponses;
import fr.messagerie.http.HttpRoutes;
import fr.messagerie.support.Lazy;
import fr.messagerie.support.Logs;
import fr.messagerie.support.Wiring;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's follow-up of exchanges: tracking list, drafts, thread, favourite, reply read, link revocation, resend.
 */
public final class TrackingHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static {
        Logs.init();
    }

    private final HttpRoutes routes;
    /** The lazy parts of this handler's wiring, built on first use or before the snapshot. */
    private final Wiring wiring;
    /** The SnapStart priming hook, held here (see {@link Priming}). */
    private Priming priming;

    public TrackingHandler() {
        this(System.getenv());
    }

    public TrackingHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
        priming = Priming.register(TrackingHandler.class, () -> {
            Map<String, String> offline = Priming.offline(env);
            PrimingRecords.sentWithLink(offline, "amorcage");
            TrackingHandler twin = new TrackingHandler(offline, Clock.systemUTC());
            prime(twin);
            // What the requests did not wire, and this handler's own clients: all built before the snapshot.
            twin.wiring.buildAll();
            wiring.buildAll();
        });
    }

    /** @param clock lets tests move past a reply deadline */
    public TrackingHandler(Map<String, String> env, Clock clock) {
        this(new Wiring(), env, clock);
    }

    private TrackingHandler(Wiring wiring, Map<String, String> env, Clock clock) {
        this(wire(wiring, env, clock), clock, wiring);
    }

    public TrackingHandler(Tracking tracking, Clock clock) {
        this(Lazy.ready(tracking), clock, new Wiring());
    }

    /** @param tracking the use case, wired on the first request (the SQS client on the first resend only) */
    private TrackingHandler(Supplier<Tracking> tracking, Clock clock, Wiring wiring) {
        this.wiring = wiring;
        routes = new HttpRoutes()
                .on("GET /consultations/{consultationId}/deliveries", request -> ApiResponses.conditionalJson(
                        TrackingViews.page(tracking.get().list(request.agent(), request.pathParameter("consultationId"),
                                TrackingQuery.parse(request.queryParameters())), clock.instant()),
                        request.header("If-None-Match")))
                .on("GET /consultations/{consultationId}/drafts", request -> ApiResponses.json(200,
                        TrackingViews.drafts(tracking.get().drafts(request.agent(),
                                request.pathParameter("consultationId")))))
                .on("GET /deliveries/{deliveryId}", request -> ApiResponses.json(200,
                        TrackingViews.thread(tracking.get().thread(request.agent(), request.pathParameter("deliveryId")))))
                .on("PUT /deliveries/{deliveryId}/favorite", request -> {
                    tracking.get().favorite(request.agent(), request.pathParameter("deliveryId"),
                            request.body(FavoriteRequest.class).value());
                    return ApiResponses.noContent();
                })
                .on("POST /deliveries/{deliveryId}/reply-read", request -> ApiResponses.json(200,
                        TrackingViews.thread(tracking.get().markReplyRead(request.agent(),
                                request.pathParameter("deliveryId")))))
                .on("POST /deliveries/{deliveryId}/revoke-link", request -> ApiResponses.json(200,
                        TrackingViews.thread(tracking.get().revokeLink(request.agent(),
                                request.pathParameter("deliveryId")))))
                .on("POST /deliveries/{deliveryId}/resend", request -> {
                    ResendRequest resend = request.hasBody()
                            ? request.body(ResendRequest.class) : new ResendRequest(null);
                    return ApiResponses.json(202, TrackingViews.thread(tracking.get().resend(request.agent(),
                            request.pathParameter("deliveryId"), resend.email())));
                });
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return routes.handle(event);
    }

    /** The first requests of an agent following a consultation: the list (filtered), a thread. */
    private static void prime(TrackingHandler twin) {
        APIGatewayV2HTTPEvent filtered = Priming.agentRequest("GET /consultations/{consultationId}/deliveries",
                "/consultations/amorcage/deliveries", Map.of("consultationId", "amorcage"), null);
        filtered.setQueryStringParameters(Map.of("status", "DELIVERED", "q", "amorcage", "limit", "20"));
        Priming.invoke(twin,
                Priming.agentRequest("GET /consultations/{consultationId}/deliveries",
                        "/consultations/amorcage/deliveries", Map.of("consultationId", "amorcage"), null),
                filtered,
                Priming.agentRequest("GET /deliveries/{deliveryId}", "/deliveries/amorcage",
                        Map.of("deliveryId", "amorcage"), null));
    }

    /** {@code {"favorite": true}} or {@code false}: nothing else, and never absent. */
    record FavoriteRequest(Boolean favorite) {
        boolean value() {
            if (favorite == null) {
                throw ProblemException.badRequest("invalid-request-body", "favorite",
                        "Le champ « favorite » est obligatoire et vaut true ou false.");
            }
            return favorite;
        }
    }

    /** @param email a corrected address, or null to resend to the same one */
    record ResendRequest(String email) {
    }

    private static Lazy<Tracking> wire(Wiring wiring, Map<String, String> env, Clock clock) {
        AwsClients.requireAll(env, "TABLE_NAME", "DISPATCH_QUEUE_URL");
        Lazy<DispatchQueue> queue = wiring.lazy(() -> new SqsDispatchQueue(
                AwsClients.configure(SqsClient.builder(), env, "SQS").build(),
                AwsClients.required(env, "DISPATCH_QUEUE_URL")));
        return wiring.lazy(() -> {
            DynamoStores stores = DynamoStores.fromEnv(env);
            return new Tracking(new Consultations(stores.consultations(), stores.organisms()), stores.tracking(),
                    stores.deliveries(), stores.letters(), dispatches -> queue.get().enqueue(dispatches), clock);
        });
    }
}
