package fr.messagerie.proof;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoStores;
import fr.messagerie.aws.LazyFileStore;
import fr.messagerie.aws.Priming;
import fr.messagerie.aws.PrimingRecords;
import fr.messagerie.aws.S3FileStore;
import fr.messagerie.common.ProblemException;
import fr.messagerie.files.Evidence;
import fr.messagerie.files.FileKeys;
import fr.messagerie.files.FileStore;
import fr.messagerie.http.ApiResponses;
import fr.messagerie.http.HttpRoutes;
import fr.messagerie.recipient.Exchange;
import fr.messagerie.recipient.Exchanges;
import fr.messagerie.recipient.RecipientResponses;
import fr.messagerie.support.Lazy;
import fr.messagerie.support.Logs;
import fr.messagerie.support.Wiring;
import fr.messagerie.tracking.Threads;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The PDF "Preuve des échanges" of one delivery: for the agent (JSON with a short download link) and for the
 * recipient through the token of their link (a redirect to the download, or a page of the recipient's pages).
 */
public final class ProofHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = Logger.getLogger(ProofHandler.class.getName());
    private static final String RECIPIENT_ROUTE = "GET /r/{token}/proof";

    static {
        Logs.init();
    }

    private final HttpRoutes routes;
    private final Supplier<ProofOfExchanges> proofs;
    private final Supplier<Exchanges> exchanges;
    private final String recipientBaseUrl;
    /** The lazy parts of this handler's wiring, built on first use or before the snapshot. */
    private final Wiring wiring;
    /** The SnapStart priming hook, held here (see {@link Priming}). */
    private Priming priming;

    public ProofHandler() {
        this(System.getenv());
    }

    public ProofHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
        priming = Priming.register(ProofHandler.class, () -> {
            Map<String, String> offline = Priming.offline(env);
            PrimingRecords.sentWithLink(offline);
            ProofHandler twin = new ProofHandler(offline, Clock.systemUTC());
            prime(twin, S3FileStore.fromEnv(offline));
            // What the requests did not wire, and this handler's own clients: all built before the snapshot.
            twin.wiring.buildAll();
            wiring.buildAll();
        });
    }

    /** @param clock lets tests move past a reply deadline */
    public ProofHandler(Map<String, String> env, Clock clock) {
        this(new Wiring(), env, AwsClients.required(env, "RECIPIENT_BASE_URL"), clock);
    }

    private ProofHandler(Wiring wiring, Map<String, String> env, String recipientBaseUrl, Clock clock) {
        this(wiring, stores(wiring, env), LazyFileStore.fromEnv(wiring, env), recipientBaseUrl, clock);
    }

    private ProofHandler(Wiring wiring, Lazy<DynamoStores> stores, FileStore files, String recipientBaseUrl,
                         Clock clock) {
        this(wiring.lazy(() -> new ProofOfExchanges(new Threads(stores.get().deliveries(), stores.get().letters(),
                        clock), files, stores.get().proofRequests(), ProofPdf::render, clock)),
                wiring.lazy(() -> new Exchanges(stores.get().deliveryLog(), stores.get().accessLinks(),
                        stores.get().replies(), stores.get().letters(), stores.get().attachments(), clock)),
                recipientBaseUrl, wiring);
    }

    private static Lazy<DynamoStores> stores(Wiring wiring, Map<String, String> env) {
        AwsClients.requireAll(env, "TABLE_NAME");
        return wiring.lazy(() -> DynamoStores.fromEnv(env));
    }

    /** @param recipientBaseUrl where the recipient pages are served (the links of their answers) */
    public ProofHandler(ProofOfExchanges proofs, Exchanges exchanges, String recipientBaseUrl) {
        this(Lazy.ready(proofs), Lazy.ready(exchanges), recipientBaseUrl, new Wiring());
    }

    /** The use cases, each wired on the first request that needs it. */
    private ProofHandler(Supplier<ProofOfExchanges> proofs, Supplier<Exchanges> exchanges,
                         String recipientBaseUrl, Wiring wiring) {
        this.proofs = proofs;
        this.exchanges = exchanges;
        this.recipientBaseUrl = recipientBaseUrl;
        this.wiring = wiring;
        routes = new HttpRoutes()
                .on("GET /deliveries/{deliveryId}/proof", request -> ApiResponses.json(200,
                        proofs.get().forAgent(request.agent(), request.pathParameter("deliveryId"))));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String routeKey = event.getRouteKey() != null || event.getRequestContext() == null ? event.getRouteKey()
                : event.getRequestContext().getRouteKey();
        return RECIPIENT_ROUTE.equals(routeKey) ? recipientProof(event) : routes.handle(event);
    }

    /** The company's route answers the recipient pages' HTML, never problem+json. */
    private APIGatewayV2HTTPResponse recipientProof(APIGatewayV2HTTPEvent event) {
        String token = event.getPathParameters() == null ? null : event.getPathParameters().get("token");
        String courrier = event.getQueryStringParameters() == null ? null
                : event.getQueryStringParameters().get("courrier");
        try {
            Optional<Exchange> exchange = exchanges.get().find(token, courrier);
            if (exchange.isEmpty()) {
                return RecipientResponses.invalidLink(event, recipientBaseUrl);
            }
            try {
                return redirect(proofs.get().forRecipient(exchange.get()).url());
            } catch (ProblemException e) {
                String title = e.status() == 429 ? "Trop de demandes" : "Preuve des échanges indisponible";
                return RecipientResponses.refusal(event, recipientBaseUrl, e.status(), title,
                        e.violations().get(0).message(), token, exchange.get().delivery().id());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Recipient proof failed", e);
            return RecipientResponses.unavailable(event, recipientBaseUrl);
        }
    }

    /** The proof requests, then a whole proof rendered in memory: PDFBox and the embedded fonts loaded. */
    private static void prime(ProofHandler twin, FileStore files) {
        Priming.invoke(twin,
                Priming.agentRequest("GET /deliveries/{deliveryId}/proof", "/deliveries/amorcage/proof",
                        Map.of("deliveryId", "amorcage"), null),
                Priming.request("GET /r/{token}/proof", "/r/amorcage/proof", Map.of("token", "amorcage"), null));
        Priming.exercise(sampleProof(), proof -> {
            String key = FileKeys.proof("amorcage", "amorcage");
            files.write(key, ProofPdf.render(proof), "application/pdf", Map.of());
            files.presignGet(key, "preuve.pdf", "application/pdf", Duration.ofMinutes(5));
        });
    }

    /** Every part of a proof, with accents and typographic characters: each glyph the fonts are asked for. */
    private static ProofData sampleProof() {
        Instant at = Instant.parse("2026-01-05T09:30:00Z");
        String body = "<p>Bonjour,</p><p>Merci d’apporter des précisions « sous huitaine » : <strong>prix</strong>,"
                + " <em>délais</em>, œuvres ; 12\u00A0500\u00A0€ HT.</p><ul><li>Première étape</li></ul>";
        List<Evidence.FileFingerprint> files = List.of(new Evidence.FileFingerprint("Mémoire technique.pdf", 76_493,
                "0".repeat(64)));
        return new ProofData(at, new ProofData.ConsultationPart("AMORCAGE", "Amorçage",
                "Objet de la consultation – lot n° 1", at, "Organisme", null), "Entreprise <a@exemple.fr>",
                List.of(new ProofData.Step("Envoi", at, "nepasrepondre@exemple.fr"),
                        new ProofData.Step("Reçu techniquement (Délivré)", at, "Technique"),
                        new ProofData.Step("Accusé de réception (Lu)", at, "@exemple.fr")),
                List.of(new ProofData.Exchange("Message", at, "Demande de précisions", body, "0".repeat(64), files,
                                false, null),
                        new ProofData.Exchange("Réponse", at, "Re: Demande de précisions", null, null, List.of(), true,
                                "Le contenu de la réponse sera accessible après le 31/12/2099 - 17:00")));
    }

    private static APIGatewayV2HTTPResponse redirect(String url) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(302)
                .withHeaders(Map.of("Location", url, "Cache-Control", "no-store", "Referrer-Policy", "no-referrer"))
                .build();
    }
}
