package fr.messagerie.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.messagerie.common.ProblemException;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dispatches on the route key API Gateway matched ("POST /letters/{letterId}/send") and turns refusals into problem
 * responses; anything unexpected is logged and answered with a 500 carrying the request id.
 */
public final class HttpRoutes {
    private static final Logger LOG = Logger.getLogger(HttpRoutes.class.getName());

    private final Map<String, Function<ApiRequest, APIGatewayV2HTTPResponse>> routes = new HashMap<>();

    public HttpRoutes on(String routeKey, Function<ApiRequest, APIGatewayV2HTTPResponse> route) {
        routes.put(routeKey, route);
        return this;
    }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        ApiRequest request = new ApiRequest(event);
        try {
            Function<ApiRequest, APIGatewayV2HTTPResponse> route = routes.get(request.routeKey());
            if (route == null) {
                throw ProblemException.notFound("route-not-found", "Aucune opération ne correspond à "
                        + request.routeKey() + ".");
            }
            return route.apply(request);
        } catch (ProblemException e) {
            return ApiResponses.problem(e, request.path());
        } catch (RuntimeException e) {
            String requestId = event.getRequestContext() == null ? "?" : event.getRequestContext().getRequestId();
            LOG.log(Level.SEVERE, "Request " + requestId + " on " + request.routeKey() + " failed", e);
            return ApiResponses.internalError(requestId);
        }
    }
}
