package fr.messagerie.recipient;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.Priming;
import fr.messagerie.aws.PrimingRecords;
import fr.messagerie.aws.S3FileStore;
import fr.messagerie.common.ProblemException;
import fr.messagerie.files.FileKeys;
import fr.messagerie.files.FileStore;
import fr.messagerie.support.Logs;
import fr.messagerie.support.Wiring;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The public pages behind the link of an email. GET never records anything (mail scanners fetch links); the read
 * receipt, uploads and the reply are explicit POSTs protected against cross-site requests.
 */
public final class RecipientHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = Logger.getLogger(RecipientHandler.class.getName());

    static {
        Logs.init();
    }

    private final RecipientUseCases useCases;
    private final PageComposer pages;
    private final String recipientBaseUrl;
    /** The lazy parts of this handler's wiring, built on first use or before the snapshot. */
    private final Wiring wiring;
    /** The SnapStart priming hook, held here (see {@link Priming}). */
    private Priming priming;

    public RecipientHandler() {
        this(System.getenv());
    }

    public RecipientHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
        priming = Priming.register(RecipientHandler.class, () -> {
            Map<String, String> offline = Priming.offline(env);
            PrimingRecords.sentWithLink(offline);
            RecipientHandler twin = new RecipientHandler(offline, Clock.systemUTC());
            prime(twin, S3FileStore.fromEnv(offline));
            // What the requests did not wire, and this handler's own clients: all built before the snapshot.
            twin.wiring.buildAll();
            wiring.buildAll();
        });
    }

    /** @param clock lets tests move past a reply deadline */
    public RecipientHandler(Map<String, String> env, Clock clock) {
        this(new Wiring(), env, AwsClients.required(env, "RECIPIENT_BASE_URL"), clock);
    }

    private RecipientHandler(Wiring wiring, Map<String, String> env, String recipientBaseUrl, Clock clock) {
        this(RecipientUseCases.fromEnv(wiring, env, recipientBaseUrl, clock), recipientBaseUrl, clock, wiring);
    }

    /**
     * @param useCases         the use cases, each wired on the first request that needs it
     *                         ({@link RecipientUseCases#fromEnv})
     * @param recipientBaseUrl where the pages are served (the links of the emails)
     */
    public RecipientHandler(RecipientUseCases useCases, String recipientBaseUrl, Clock clock) {
        this(useCases, recipientBaseUrl, clock, new Wiring());
    }

    private RecipientHandler(RecipientUseCases useCases, String recipientBaseUrl, Clock clock, Wiring wiring) {
        this.useCases = useCases;
        this.pages = new PageComposer(clock);
        this.recipientBaseUrl = recipientBaseUrl;
        this.wiring = wiring;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        WebRequest request = new WebRequest(event, recipientBaseUrl);
        try {
            return route(request);
        } catch (WebRequest.Refused e) {
            return request.page(e.status, RecipientPages.message(e.title, e.getMessage(), null), null);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Recipient page " + request.routeKey() + " failed", e);
            return request.page(500, RecipientPages.unavailable(), null);
        }
    }

    /** A company following the link of its email (a link that opens nothing: no data is read). */
    private static void prime(RecipientHandler twin, FileStore files) {
        String token = PrimingRecords.TOKEN;
        Map<String, String> link = Map.of("token", token);
        // The landing page, the read receipt, then the content page and the history of the synthetic letter.
        Priming.invoke(twin,
                Priming.request("GET /r/{token}", "/r/" + token, link, null),
                Priming.request("POST /r/{token}/open", "/r/" + token + "/open", link, "csrf=amorcage"),
                Priming.request("GET /r/{token}", "/r/" + token, link, null),
                Priming.request("GET /r/{token}/history", "/r/" + token + "/history", link, null));
        // The content page's reply upload form and download links are presigned locally.
        Priming.exercise(files, store -> store.presignPost(FileKeys.replyUpload("amorcage", "amorcage"), 1024,
                "https://amorcage.invalid/r/amorcage/reply-files/uploaded", Duration.ofMinutes(30)));
        Priming.exercise(files, store -> store.presignGet(FileKeys.letterAttachment("amorcage", "amorcage"),
                "offre.pdf", "application/pdf", Duration.ofMinutes(5)));
    }

    private APIGatewayV2HTTPResponse route(WebRequest request) {
        String token = request.pathParameter("token");
        if ("GET /r/{token}/reply-files/uploaded".equals(request.routeKey())) {
            return uploaded(request, token);
        }
        if ("POST /r/{token}/open".equals(request.routeKey())) {
            return open(request, token);
        }
        Optional<Exchange> found = useCases.exchanges().find(token, request.query("courrier"));
        if (found.isEmpty()) {
            return request.page(404, RecipientPages.invalidLink(), null);
        }
        Exchange exchange = found.get();
        if (request.isPost() && !request.csrfValid()) {
            return refused(request, pages.links(exchange));
        }
        try {
            return action(request, exchange);
        } catch (ProblemException e) {
            // A refused action (a reply file removed once the reply is sent…) shows the letter and why.
            String message = e.violations().get(0).message();
            return exchange.readAt().isEmpty()
                    ? request.page(e.status(), RecipientPages.message("Action refusée", message,
                    pages.links(exchange)), null)
                    : content(request, exchange, e.status(), message, null, null);
        }
    }

    private APIGatewayV2HTTPResponse action(WebRequest request, Exchange exchange) {
        return switch (request.routeKey()) {
            case "GET /r/{token}" -> exchange.readAt().isEmpty()
                    ? request.page(200, pages.landing(exchange, request.csrf()), null)
                    : content(request, exchange, 200, null, request.query("info"), null);
            case "GET /r/{token}/history" -> request.page(200,
                    pages.history(exchange, useCases.showHistory().of(exchange)), null);
            case "GET /r/{token}/files/{fileId}" -> download(request, exchange);
            case "POST /r/{token}/reply-files/{fileId}/delete" -> request.seeOther(
                    pages.links(useCases.removeReplyFile().remove(exchange, request.pathParameter("fileId"))).page()
                            + "&info=" + PageComposer.FILE_REMOVED);
            case "POST /r/{token}/reply" -> reply(request, exchange);
            default -> request.page(404, RecipientPages.invalidLink(), null);
        };
    }

    /** The read receipt, then the content page by a redirect: this request reads the token and the log's head only. */
    private APIGatewayV2HTTPResponse open(WebRequest request, String token) {
        Optional<Reached> reached = useCases.exchanges().reach(token, request.query("courrier"));
        if (reached.isEmpty()) {
            return request.page(404, RecipientPages.invalidLink(), null);
        }
        Pages.Links links = pages.links(token, reached.get().deliveryId());
        if (!request.csrfValid()) {
            return refused(request, links);
        }
        useCases.openLetter().open(reached.get());
        return request.seeOther(links.page());
    }

    private static APIGatewayV2HTTPResponse refused(WebRequest request, Pages.Links links) {
        return request.page(403, RecipientPages.message("Action refusée", "Cette action n'a pas été reconnue "
                + "comme venant de cette page. Rechargez la page puis recommencez.", links), null);
    }

    private APIGatewayV2HTTPResponse reply(WebRequest request, Exchange exchange) {
        String body = request.form().get("body");
        try {
            Exchange replied = useCases.sendReply().send(exchange, body);
            return request.seeOther(pages.links(replied).page() + "&info=" + PageComposer.REPLY_SENT);
        } catch (ProblemException e) {
            return content(request, exchange, e.status(), e.violations().get(0).message(), null, body);
        }
    }

    private APIGatewayV2HTTPResponse uploaded(WebRequest request, String token) {
        try {
            Exchange exchange = useCases.completeReplyUpload().complete(token, request.query("key"));
            return request.seeOther(pages.links(exchange).page() + "&info=" + PageComposer.FILE_ADDED);
        } catch (ProblemException e) {
            Optional<Exchange> exchange = useCases.exchanges().find(token, null);
            if (exchange.isEmpty()) {
                return request.page(404, RecipientPages.invalidLink(), null);
            }
            if (exchange.get().readAt().isEmpty()) {
                // Nothing of the letter before the action that records its receipt, not even on an error.
                return request.page(e.status(), RecipientPages.message("Fichier non joint",
                        e.violations().get(0).message(), pages.links(exchange.get())), null);
            }
            return content(request, exchange.get(), e.status(), e.violations().get(0).message(), null, null);
        }
    }

    private APIGatewayV2HTTPResponse download(WebRequest request, Exchange exchange) {
        try {
            return request.redirect(useCases.downloadFile().link(exchange, request.pathParameter("fileId")));
        } catch (ProblemException e) {
            return request.page(e.status(), RecipientPages.message("Fichier indisponible",
                    e.violations().get(0).message(), pages.links(exchange)), null);
        }
    }

    private APIGatewayV2HTTPResponse content(WebRequest request, Exchange exchange, int status, String error,
                                             String info, String draftBody) {
        PageComposer.Rendered page = pages.content(exchange, useCases.offerReplyUpload().form(exchange),
                request.csrf(), error, info, draftBody);
        return request.page(status, page.html(), page.uploadOrigin());
    }
}
