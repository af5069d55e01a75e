package fr.messagerie.infrastructure;

/**
 * An HttpApi event of a function: {@code method} is upper case (or ANY), {@code apiId} the logical id of the API
 * ({@value #IMPLICIT_API} when the event names none), {@code authorizer} the authorizer protecting the route or
 * null when the route is public.
 */
public record HttpRoute(String functionId, String eventId, String method, String path, String apiId,
                        String authorizer) {

    public static final String IMPLICIT_API = "ServerlessHttpApi";

    /** API Gateway's route key, e.g. {@code POST /letters/{letterId}/send}. */
    public String routeKey() {
        return "$default".equals(path) ? "$default" : method + " " + path;
    }

    public boolean isProtected() {
        return authorizer != null;
    }
}
