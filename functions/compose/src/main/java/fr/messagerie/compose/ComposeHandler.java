package fr.messagerie.compose;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.messagerie.aws.Priming;
import fr.messagerie.consultations.ConsultationInput;
import fr.messagerie.consultations.UpsertOrganism;
import fr.messagerie.http.ApiResponses;
import fr.messagerie.http.HttpRoutes;
import fr.messagerie.letters.DraftInput;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.RichText;
import fr.messagerie.letters.SendLetter;
import fr.messagerie.support.Logs;

import java.util.Map;

/**
 * The agent API of letters: letter types, consultations and registers, drafts, send; and the platform integration
 * that feeds the organisms register and the consultations (its own access token, never an agent's).
 */
public final class ComposeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static {
        Logs.init();
    }

    private static final String SAMPLE_BODY = "<p>Bonjour,</p><ul><li><strong>Amorçage</strong></li></ul>"
            + "<p style=\"color: #c00000\"><em>du</em> <u>courrier</u> <a href=\"https://exemple.fr\">lien</a></p>";

    private final Compose compose;
    private final HttpRoutes routes;
    /** The SnapStart priming hook, held here (see {@link Priming}). */
    private Priming priming;

    public ComposeHandler() {
        this(System.getenv());
    }

    public ComposeHandler(Map<String, String> env) {
        this(Compose.fromEnv(env));
        priming = Priming.register(ComposeHandler.class, () -> {
            Compose twin = Compose.fromEnv(Priming.offline(env));
            prime(new ComposeHandler(twin));
            // What the requests did not wire, and this handler's own clients: all built before the snapshot.
            twin.build();
            compose.build();
        });
    }

    /** @param compose the use cases, each wired on the first request that needs it ({@link Compose#fromEnv}) */
    public ComposeHandler(Compose compose) {
        this.compose = compose;
        routes = new HttpRoutes()
                .on("GET /letter-types", request -> ApiResponses.json(200, Views.catalogue()))
                .on("GET /consultations", request -> ApiResponses.json(200, Views.consultations(
                        compose.listConsultations.get().list(request.agent()))))
                .on("PUT /organisms/{organismId}", request -> {
                    request.requirePlatform();
                    return ApiResponses.json(200, compose.upsertOrganism.get().upsert(request.pathParameter("organismId"),
                            request.body(UpsertOrganism.OrganismInput.class)));
                })
                .on("PUT /consultations/{consultationId}", request -> {
                    request.requirePlatform();
                    return ApiResponses.json(200, Views.consultation(compose.upsertConsultation.get().upsert(
                            request.pathParameter("consultationId"), request.body(ConsultationInput.class))));
                })
                .on("GET /consultations/{consultationId}", request -> ApiResponses.json(200, Views.consultation(
                        compose.showConsultation.get().show(request.agent(), request.pathParameter("consultationId")))))
                .on("GET /consultations/{consultationId}/registers", request -> ApiResponses.json(200,
                        Views.registers(compose.showRegisters.get().show(request.agent(),
                                request.pathParameter("consultationId")))))
                .on("POST /consultations/{consultationId}/letters", request -> {
                    Letter draft = compose.createDraft.get().create(request.agent(), request.pathParameter("consultationId"),
                            request.body(DraftInput.class));
                    APIGatewayV2HTTPResponse response = ApiResponses.json(201, Views.letter(draft));
                    response.getHeaders().put("Location", "/letters/" + draft.id());
                    return response;
                })
                .on("GET /letters/{letterId}", request -> ApiResponses.json(200, Views.letter(
                        compose.showLetter.get().show(request.agent(), request.pathParameter("letterId")))))
                .on("PUT /letters/{letterId}", request -> ApiResponses.json(200, Views.letter(
                        compose.updateDraft.get().update(request.agent(), request.pathParameter("letterId"),
                                request.body(DraftInput.class)))))
                .on("DELETE /letters/{letterId}", request -> {
                    compose.deleteDraft.get().delete(request.agent(), request.pathParameter("letterId"));
                    return ApiResponses.noContent();
                })
                .on("POST /letters/{letterId}/send", request -> {
                    SendLetter.Receipt receipt = compose.sendLetter.get().send(request.agent(),
                            request.pathParameter("letterId"), request.header("Idempotency-Key"));
                    APIGatewayV2HTTPResponse response = ApiResponses.json(202, receipt);
                    response.getHeaders().put("Location", "/letters/" + receipt.letterId());
                    return response;
                });
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return routes.handle(event);
    }

    /**
     * The first requests of an agent: the catalogue, the console's list of consultations, a draft of a letter type (its
     * body sanitized), a send.
     */
    private static void prime(ComposeHandler twin) {
        String draft = """
                {"letterType": "DEMANDE_COMPLEMENT", "sendMode": "ACCESS_LINK", "subject": "Amorçage",
                 "body": "<p>Bonjour,</p><p><strong>Amorçage</strong> <a href=\"https://exemple.fr\">lien</a></p>",
                 "replyOptions": {"allowed": true, "deadline": "2099-12-31T17:00:00+01:00", "sealed": true},
                 "recipients": {"addresses": "a@exemple.fr; b@exemple.fr", "registers": ["DEPOSITS"]}}""";
        Priming.invoke(twin,
                Priming.agentRequest("GET /letter-types", "/letter-types", Map.of(), null),
                Priming.agentRequest("GET /consultations", "/consultations", Map.of(), null),
                Priming.agentRequest("POST /consultations/{consultationId}/letters", "/consultations/amorcage/letters",
                        Map.of("consultationId", "amorcage"), draft),
                Priming.agentRequest("PUT /letters/{letterId}", "/letters/amorcage", Map.of("letterId", "amorcage"),
                        draft),
                Priming.agentRequest("GET /letters/{letterId}", "/letters/amorcage", Map.of("letterId", "amorcage"),
                        null),
                Priming.agentRequest("POST /letters/{letterId}/send", "/letters/amorcage/send",
                        Map.of("letterId", "amorcage"), null));
        Priming.exercise(SAMPLE_BODY, RichText::sanitize);
    }
}
