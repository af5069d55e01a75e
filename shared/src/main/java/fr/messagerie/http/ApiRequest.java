package fr.messagerie.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import fr.messagerie.common.Agent;
import fr.messagerie.common.Bounds;
import fr.messagerie.common.Organism;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.support.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** An HTTP API (payload 2.0) request, read the way the handlers need it. */
public final class ApiRequest {
    /** Claims of the agents' JWT (Cognito user pool), custom attributes included. */
    public static final String CLAIM_ORGANISM = "custom:organism";
    public static final String CLAIM_PURCHASING_ENTITY = "custom:purchasingEntity";
    /** The scope of the platform integration's access tokens (client credentials, resource server "messagerie"). */
    public static final String SCOPE_INTEGRATION = "messagerie/integration";
    /** The largest request body read: ten times the largest letter body, and more than any register list needs. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final APIGatewayV2HTTPEvent event;

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
    }

    public String routeKey() {
        return event.getRouteKey() != null ? event.getRouteKey()
                : event.getRequestContext().getRouteKey();
    }

    public String path() {
        return event.getRawPath();
    }

    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        String value = parameters == null ? null : parameters.get(name);
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("missing-path-parameter", name, "Paramètre manquant : " + name + ".");
        }
        if (!Bounds.isId(value)) {
            throw ProblemException.badRequest("invalid-identifier", name, "Identifiant invalide (" + name + ") : "
                    + Bounds.MAX_ID_LENGTH + " caractères au plus, lettres, chiffres et « . _ ~ - » seulement.");
        }
        return value;
    }

    public String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    public Map<String, String> queryParameters() {
        return event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
    }

    public boolean hasBody() {
        return event.getBody() != null && !event.getBody().isBlank();
    }

    /** The JSON body as {@code type}, read strictly ({@link Json#requests()}); every way it can be wrong is a 4xx. */
    public <T> T body(Class<T> type) {
        String body = event.getBody();
        if (body != null && body.length() > (event.getIsBase64Encoded() ? MAX_BODY_BYTES / 3 * 4 + 4
                : MAX_BODY_BYTES)) {
            throw tooLarge();
        }
        if (body != null && event.getIsBase64Encoded()) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("malformed-json", null,
                        "Le corps de la requête est illisible : un objet JSON est attendu.");
            }
        }
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("body-required", null,
                    "Le corps de la requête est vide : un objet JSON est attendu.");
        }
        if (Bounds.utf8Length(body) > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try {
            T value = Json.requests().readValue(body, type);
            if (value == null) {
                throw ProblemException.badRequest("invalid-request-body", null,
                        "Le corps de la requête doit être un objet JSON.");
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw ProblemException.badRequest("invalid-request-body", null, "Le corps de la requête dépasse les "
                    + "limites acceptées : " + Json.MAX_REQUEST_DEPTH + " niveaux d'imbrication, des textes de "
                    + Json.MAX_REQUEST_STRING_LENGTH + " caractères et des nombres de "
                    + Json.MAX_REQUEST_NUMBER_LENGTH + " chiffres au plus.");
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(p -> p.getFieldName() != null ? p.getFieldName() : "[" + p.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw ProblemException.badRequest("invalid-request-body", field.isEmpty() ? null : field,
                    field.isEmpty() ? "Le corps de la requête ne correspond pas au format attendu."
                            : "Valeur de type inattendu pour le champ « " + field + " » : les textes s'écrivent "
                            + "entre guillemets, les nombres et true / false sans.");
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("malformed-json", null, "Le corps de la requête n'est pas un JSON "
                    + "valide" + (e.getLocation() == null ? "." : " (ligne " + e.getLocation().getLineNr()
                    + ", colonne " + e.getLocation().getColumnNr() + ")."));
        }
    }

    private static ProblemException tooLarge() {
        return new ProblemException(413, List.of(new Violation("request-too-large", null, "Le corps de la requête "
                + "dépasse " + MAX_BODY_BYTES / 1024 + " Ko : il ne peut pas être traité.")));
    }

    /** The agent the API Gateway JWT authorizer let through. */
    public Agent agent() {
        Map<String, String> claims = claims();
        String id = claims.get("sub");
        if (id == null) {
            throw new ProblemException(401, List.of(new Violation("unauthenticated", null,
                    "Authentification requise : connectez-vous à votre espace agent.")));
        }
        String organism = claims.get(CLAIM_ORGANISM);
        // Cognito puts the user's attributes in its ID token only: an access token passes the JWT authorizer too.
        if ((organism == null || organism.isBlank()) && "access".equals(claims.get("token_use"))) {
            throw new ProblemException(401, List.of(new Violation("id-token-required", null,
                    "Jeton d'accès reçu : l'API attend le jeton d'identité (ID token) Cognito de l'agent.")));
        }
        if (!Organism.isValidId(organism)) {
            throw ProblemException.forbidden("missing-organism",
                    "Votre compte n'est rattaché à aucun organisme : contactez votre administrateur.");
        }
        return new Agent(id, claims.getOrDefault("name", claims.get("email")), claims.get("email"), organism,
                claims.get(CLAIM_PURCHASING_ENTITY));
    }

    /**
     * Checks that the caller is the procurement platform: an access token carrying the integration scope, which the
     * route's authorizer already requires; agents' ID tokens carry no scope.
     */
    public void requirePlatform() {
        Map<String, String> claims = claims();
        if (claims.get("sub") == null && claims.get("client_id") == null) {
            throw new ProblemException(401, List.of(new Violation("unauthenticated", null,
                    "Authentification requise : jeton d'accès de la plate-forme attendu.")));
        }
        String scopes = claims.getOrDefault("scope", "");
        if (!List.of(scopes.trim().split("\\s+")).contains(SCOPE_INTEGRATION)) {
            throw ProblemException.forbidden("platform-only", "Opération réservée à la plate-forme de "
                    + "dématérialisation (jeton d'accès de portée " + SCOPE_INTEGRATION + ").");
        }
    }

    private Map<String, String> claims() {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null
                || context.getAuthorizer().getJwt().getClaims() == null) {
            return Map.of();
        }
        return context.getAuthorizer().getJwt().getClaims();
    }
}
