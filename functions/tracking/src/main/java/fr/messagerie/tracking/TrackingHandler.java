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
import fr.messagerie.consultations.ConsultationAccess;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.http.ApiResponses;
import fr.messagerie.http.HttpRoutes;
import fr.messagerie.letters.ListDrafts;
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
            PrimingRecords.sentWithLink(offline);
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

    public TrackingHandler(UseCases useCases, Clock clock) {
        this(useCases, clock, new Wiring());
    }

    /** The use cases of this function, each wired on the first request that needs it. */
    public record UseCases(Supplier<ListTracking> list, Supplier<ListDrafts> drafts, Supplier<ShowThread> thread,
                           Supplier<MarkFavorite> favorite, Supplier<MarkReplyRead> replyRead,
                           Supplier<RevokeLink> revokeLink, Supplier<ResendDelivery> resend) {
        public static UseCases of(ListTracking list, ListDrafts drafts, ShowThread thread, MarkFavorite favorite,
                                  MarkReplyRead replyRead, RevokeLink revokeLink, ResendDelivery resend) {
            return new UseCases(Lazy.ready(list), Lazy.ready(drafts), Lazy.ready(thread), Lazy.ready(favorite),
                    Lazy.ready(replyRead), Lazy.ready(revokeLink), Lazy.ready(resend));
        }
    }

    private TrackingHandler(UseCases useCases, Clock clock, Wiring wiring) {
        this.wiring = wiring;
        routes = new HttpRoutes()
                .on("GET /consultations/{consultationId}/deliveries", request -> ApiResponses.conditionalJson(
                        TrackingViews.page(useCases.list().get().list(request.agent(), request.pathParameter("consultationId"),
                                TrackingQuery.parse(request.queryParameters())), clock.instant()),
                        request.header("If-None-Match")))
                .on("GET /consultations/{consultationId}/drafts", request -> ApiResponses.json(200,
                        TrackingViews.drafts(useCases.drafts().get().list(request.agent(),
                                request.pathParameter("consultationId")))))
                .on("GET /deliveries/{deliveryId}", request -> ApiResponses.json(200,
                        TrackingViews.thread(useCases.thread().get().show(request.agent(), request.pathParameter("deliveryId")))))
                .on("PUT /deliveries/{deliveryId}/favorite", request -> {
                    useCases.favorite().get().mark(request.agent(), request.pathParameter("deliveryId"),
                            request.body(FavoriteRequest.class).value());
                    return ApiResponses.noContent();
                })
                .on("POST /deliveries/{deliveryId}/reply-read", request -> ApiResponses.json(200,
                        TrackingViews.thread(useCases.replyRead().get().mark(request.agent(),
                                request.pathParameter("deliveryId")))))
                .on("POST /deliveries/{deliveryId}/revoke-link", request -> ApiResponses.json(200,
                        TrackingViews.thread(useCases.revokeLink().get().revoke(request.agent(),
                                request.pathParameter("deliveryId")))))
                .on("POST /deliveries/{deliveryId}/resend", request -> {
                    ResendRequest resend = request.hasBody()
                            ? request.body(ResendRequest.class) : new ResendRequest(null);
                    return ApiResponses.json(202, TrackingViews.thread(useCases.resend().get().resend(request.agent(),
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

    /** Wired on the first request that needs each part: the SQS client on the first resend only. */
    private static UseCases wire(Wiring wiring, Map<String, String> env, Clock clock) {
        AwsClients.requireAll(env, "TABLE_NAME", "DISPATCH_QUEUE_URL");
        Lazy<DynamoStores> stores = wiring.lazy(() -> DynamoStores.fromEnv(env));
        Lazy<DispatchQueue> queue = wiring.lazy(() -> new SqsDispatchQueue(
                AwsClients.configure(SqsClient.builder(), env, "SQS").build(),
                AwsClients.required(env, "DISPATCH_QUEUE_URL")));
        Lazy<ConsultationAccess> consultations = wiring.lazy(() -> new ConsultationAccess(
                stores.get().consultations(), stores.get().organisms()));
        Lazy<Threads> threads = wiring.lazy(() -> new Threads(stores.get().deliveries(), stores.get().letters(),
                clock));
        Lazy<RecordDeliveryEvent> log = wiring.lazy(() -> new RecordDeliveryEvent(stores.get().deliveryLog()));
        return new UseCases(
                wiring.lazy(() -> new ListTracking(stores.get().tracking())),
                wiring.lazy(() -> new ListDrafts(consultations.get(), stores.get().letters())),
                wiring.lazy(() -> new ShowThread(threads.get())),
                wiring.lazy(() -> new MarkFavorite(threads.get(), stores.get().tracking())),
                wiring.lazy(() -> new MarkReplyRead(threads.get(), log.get(), clock)),
                wiring.lazy(() -> new RevokeLink(threads.get(), log.get(), clock)),
                wiring.lazy(() -> new ResendDelivery(threads.get(), stores.get().deliveries(),
                        stores.get().deliveryLog(), log.get(),
                        dispatches -> queue.get().enqueue(dispatches), clock)));
    }
}
