package fr.messagerie.compose;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.messagerie.app.ConsultationInput;
import fr.messagerie.app.DraftInput;
import fr.messagerie.app.Organisms;
import fr.messagerie.app.SendLetter;
import fr.messagerie.domain.Letter;
import fr.messagerie.http.ApiResponses;
import fr.messagerie.http.HttpRoutes;
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

    private final HttpRoutes routes;

    public ComposeHandler() {
        this(System.getenv());
    }

    public ComposeHandler(Map<String, String> env) {
        this(Compose.fromEnv(env));
    }

    public ComposeHandler(Compose compose) {
        routes = new HttpRoutes()
                .on("GET /letter-types", request -> ApiResponses.json(200, Views.catalogue()))
                .on("PUT /organisms/{organismId}", request -> {
                    request.requirePlatform();
                    return ApiResponses.json(200, compose.organisms().upsert(request.pathParameter("organismId"),
                            request.body(Organisms.OrganismInput.class)));
                })
                .on("PUT /consultations/{consultationId}", request -> {
                    request.requirePlatform();
                    return ApiResponses.json(200, Views.consultation(compose.consultations().upsert(
                            request.pathParameter("consultationId"), request.body(ConsultationInput.class))));
                })
                .on("GET /consultations/{consultationId}", request -> ApiResponses.json(200, Views.consultation(
                        compose.consultations().get(request.agent(), request.pathParameter("consultationId")))))
                .on("GET /consultations/{consultationId}/registers", request -> ApiResponses.json(200,
                        Views.registers(compose.consultations().registers(request.agent(),
                                request.pathParameter("consultationId")))))
                .on("POST /consultations/{consultationId}/letters", request -> {
                    Letter draft = compose.drafts().create(request.agent(), request.pathParameter("consultationId"),
                            request.body(DraftInput.class));
                    APIGatewayV2HTTPResponse response = ApiResponses.json(201, Views.letter(draft));
                    response.getHeaders().put("Location", "/letters/" + draft.id());
                    return response;
                })
                .on("GET /letters/{letterId}", request -> ApiResponses.json(200, Views.letter(
                        compose.drafts().get(request.agent(), request.pathParameter("letterId")))))
                .on("PUT /letters/{letterId}", request -> ApiResponses.json(200, Views.letter(
                        compose.drafts().update(request.agent(), request.pathParameter("letterId"),
                                request.body(DraftInput.class)))))
                .on("DELETE /letters/{letterId}", request -> {
                    compose.drafts().delete(request.agent(), request.pathParameter("letterId"));
                    return ApiResponses.noContent();
                })
                .on("POST /letters/{letterId}/send", request -> {
                    SendLetter.Receipt receipt = compose.sendLetter().send(request.agent(),
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
}
