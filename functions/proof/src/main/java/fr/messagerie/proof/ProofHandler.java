package fr.messagerie.proof;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.messagerie.app.Consultations;
import fr.messagerie.app.FileStore;
import fr.messagerie.app.ProofOfExchanges;
import fr.messagerie.app.RecipientExchange;
import fr.messagerie.app.Tracking;
import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoStores;
import fr.messagerie.aws.S3FileStore;
import fr.messagerie.http.ApiResponses;
import fr.messagerie.http.HttpRoutes;
import fr.messagerie.support.Logs;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The PDF "Preuve des échanges" of one delivery: for the agent (JSON with a short download link) and for the
 * recipient through the token of their link (a redirect to the download).
 */
public final class ProofHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static {
        Logs.init();
    }

    private final HttpRoutes routes;

    public ProofHandler() {
        this(System.getenv());
    }

    public ProofHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /** @param clock lets tests move past a reply deadline */
    public ProofHandler(Map<String, String> env, Clock clock) {
        DynamoStores stores = DynamoStores.fromEnv(env);
        FileStore files = S3FileStore.fromEnv(env);
        // Proofs only read: resends go through the tracking function, so no dispatch queue here.
        Tracking tracking = new Tracking(new Consultations(stores.consultations(), stores.organisms()), stores.deliveries(),
                stores.deliveries(), stores.letters(), stores.attachments(), dispatches -> {
                    throw new UnsupportedOperationException("the proof function sends nothing");
                }, clock);
        ProofOfExchanges proofs = new ProofOfExchanges(tracking, files, ProofPdf::render, clock);
        RecipientExchange exchanges = new RecipientExchange(stores.deliveries(), stores.letters(),
                stores.attachments(), files, AwsClients.required(env, "RECIPIENT_BASE_URL"), clock);
        routes = new HttpRoutes()
                .on("GET /deliveries/{deliveryId}/proof", request -> ApiResponses.json(200,
                        proofs.forAgent(request.agent(), request.pathParameter("deliveryId"))))
                .on("GET /r/{token}/proof", request -> exchanges.find(request.pathParameter("token"),
                                request.queryParameters().get("courrier"))
                        .map(exchange -> redirect(proofs.forRecipient(exchange).url()))
                        .orElseGet(() -> notFound()));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return routes.handle(event);
    }

    private static APIGatewayV2HTTPResponse redirect(String url) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(302)
                .withHeaders(Map.of("Location", url, "Cache-Control", "no-store", "Referrer-Policy", "no-referrer"))
                .build();
    }

    /** The same answer for every token that opens nothing, as on the recipient pages. */
    private static APIGatewayV2HTTPResponse notFound() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(404)
                .withHeaders(Map.of("Content-Type", "text/plain; charset=utf-8", "Cache-Control", "no-store"))
                .withBody("Lien invalide ou expiré.").withCookies(List.of()).build();
    }
}
