package fr.messagerie.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import fr.messagerie.common.Hashes;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.support.Json;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON responses, and errors as RFC 9457 problem details with a stable code and a French message. */
public final class ApiResponses {
    public static final String PROBLEM_TYPE_BASE = "https://messagerie-securisee.fr/problemes/";

    private ApiResponses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return response(status, "application/json; charset=utf-8", write(body));
    }

    /**
     * JSON with a strong ETag of its bytes; when the caller's If-None-Match names it, 304 without a body, so that
     * polling an unchanged resource moves nothing but headers.
     */
    public static APIGatewayV2HTTPResponse conditionalJson(Object body, String ifNoneMatch) {
        String json = write(body);
        String etag = "\"" + Hashes.sha256(json) + "\"";
        if (ifNoneMatch != null && Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim).map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals(etag) || tag.equals("*"))) {
            APIGatewayV2HTTPResponse notModified = response(304, null, null);
            notModified.getHeaders().put("ETag", etag);
            return notModified;
        }
        APIGatewayV2HTTPResponse response = response(200, "application/json; charset=utf-8", json);
        response.getHeaders().put("ETag", etag);
        return response;
    }

    public static APIGatewayV2HTTPResponse noContent() {
        return response(204, null, null);
    }

    public static APIGatewayV2HTTPResponse problem(ProblemException problem, String instance) {
        Violation first = problem.violations().get(0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", PROBLEM_TYPE_BASE + first.code());
        body.put("title", title(problem.status()));
        body.put("status", problem.status());
        body.put("code", first.code());
        body.put("detail", problem.violations().size() == 1 ? first.message()
                : first.message() + " (et " + (problem.violations().size() - 1) + " autre(s) erreur(s))");
        if (instance != null) {
            body.put("instance", instance);
        }
        List<Map<String, String>> errors = problem.violations().stream().map(v -> {
            Map<String, String> error = new LinkedHashMap<>();
            error.put("code", v.code());
            if (v.field() != null) {
                error.put("field", v.field());
            }
            error.put("message", v.message());
            return error;
        }).toList();
        body.put("errors", errors);
        return response(problem.status(), "application/problem+json; charset=utf-8", write(body));
    }

    public static APIGatewayV2HTTPResponse internalError(String requestId) {
        ProblemException problem = new ProblemException(500, List.of(new Violation("internal-error", null,
                "Une erreur inattendue est survenue. Réessayez dans quelques instants ; si elle persiste, "
                        + "communiquez cet identifiant au support : " + requestId + ".")));
        return problem(problem, null);
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Requête invalide";
            case 401 -> "Authentification requise";
            case 403 -> "Accès refusé";
            case 404 -> "Ressource introuvable";
            case 409 -> "Conflit avec l'état actuel";
            case 429 -> "Trop de requêtes";
            case 413 -> "Requête trop volumineuse";
            case 503 -> "Service momentanément indisponible";
            default -> "Erreur interne";
        };
    }

    private static APIGatewayV2HTTPResponse response(int status, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body).build();
    }

    private static String write(Object body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
