package fr.messagerie.sam;

import java.util.List;

/**
 * An HttpApi event of a function: {@code method} is upper case (or ANY), {@code apiId} the logical id of the API
 * ({@value #IMPLICIT_API} when the event names none), {@code authorizer} the authorizer protecting the route or
 * null when the route is public, {@code scopes} the event's Auth.AuthorizationScopes (the token must carry one of
 * them; empty when the route asks for none).
 */
public record HttpRoute(String functionId, String eventId, String method, String path, String apiId,
                        String authorizer, List<String> scopes) {

    public HttpRoute {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public static final String IMPLICIT_API = "ServerlessHttpApi";

    /** API Gateway's route key, e.g. {@code POST /letters/{letterId}/send}. */
    public String routeKey() {
        return "$default".equals(path) ? "$default" : method + " " + path;
    }

    public boolean isProtected() {
        return authorizer != null;
    }
}
