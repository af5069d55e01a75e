package fr.messagerie.sam;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Calls the functions behind the template's HttpApi routes the way API Gateway does: route selection, JWT
 * authorizer (claims given by the caller stand for a verified token) with the route's AuthorizationScopes, payload
 * format 2.0 event, and API Gateway's own answers (404, 401, 403 without a required scope, 500 when the function
 * fails).
 */
public final class HttpApiInvoker {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiInvoker.class);
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String JSON = "application/json";

    private final HttpRouteTable routes;
    private final Map<String, String> apiIds;
    private final LocalFunctions functions;
    private final LocalConfig config;
    private final Clock clock;

    /** {@code apiIds}: logical id of each HttpApi → its local API id. */
    HttpApiInvoker(List<HttpRoute> routes, Map<String, String> apiIds, LocalFunctions functions, LocalConfig config,
                   Clock clock) {
        this.routes = new HttpRouteTable(routes);
        this.apiIds = Map.copyOf(apiIds);
        this.functions = functions;
        this.config = config;
        this.clock = clock;
    }

    /**
     * One HTTP request. {@code pathWithQuery} is the raw path, optionally followed by ?query; {@code headers} and
     * {@code body} may be null; {@code jwtClaims} null means "no valid token".
     */
    public APIGatewayV2HTTPResponse call(String method, String pathWithQuery, String body, Map<String, String> headers,
                                         Map<String, String> jwtClaims) {
        return call(method, pathWithQuery, body, false, headers, jwtClaims);
    }

    /** The same, with a body that is base64-encoded when {@code base64Encoded} (binary and form bodies). */
    public APIGatewayV2HTTPResponse call(String method, String pathWithQuery, String body, boolean base64Encoded,
                                         Map<String, String> headers, Map<String, String> jwtClaims) {
        int question = pathWithQuery.indexOf('?');
        String rawPath = question < 0 ? pathWithQuery : pathWithQuery.substring(0, question);
        String rawQuery = question < 0 ? "" : pathWithQuery.substring(question + 1);
        String httpMethod = method.toUpperCase(Locale.ROOT);
        Optional<RouteMatch> match = routes.match(httpMethod, rawPath);
        if (match.isEmpty()) {
            return gatewayResponse(404, "Not Found");
        }
        HttpRoute route = match.get().route();
        if (route.isProtected() && jwtClaims == null) {
            APIGatewayV2HTTPResponse unauthorized = gatewayResponse(401, "Unauthorized");
            unauthorized.getHeaders().put("www-authenticate", "Bearer");
            return unauthorized;
        }
        if (!route.scopes().isEmpty() && !hasOneOf(jwtClaims, route.scopes())) {
            return gatewayResponse(403, "Forbidden");
        }
        APIGatewayV2HTTPEvent event = event(match.get(), httpMethod, rawPath, rawQuery, body, base64Encoded,
                headers == null ? Map.of() : headers, route.isProtected() ? jwtClaims : null);
        try {
            return toResponse(functions.invoke(route.functionId(), event));
        } catch (RuntimeException e) {
            LOG.error("{} failed on {} {}", route.functionId(), httpMethod, pathWithQuery, e);
            return gatewayResponse(500, "Internal Server Error");
        }
    }

    public APIGatewayV2HTTPResponse get(String pathWithQuery, Map<String, String> jwtClaims) {
        return call("GET", pathWithQuery, null, Map.of(), jwtClaims);
    }

    public APIGatewayV2HTTPResponse delete(String pathWithQuery, Map<String, String> jwtClaims) {
        return call("DELETE", pathWithQuery, null, Map.of(), jwtClaims);
    }

    /** POST with a JSON body. */
    public APIGatewayV2HTTPResponse post(String pathWithQuery, String json, Map<String, String> jwtClaims) {
        return call("POST", pathWithQuery, json, Map.of("content-type", JSON), jwtClaims);
    }

    /** PUT with a JSON body. */
    public APIGatewayV2HTTPResponse put(String pathWithQuery, String json, Map<String, String> jwtClaims) {
        return call("PUT", pathWithQuery, json, Map.of("content-type", JSON), jwtClaims);
    }

    /** The route API Gateway would select, if any. */
    public Optional<RouteMatch> match(String method, String path) {
        return routes.match(method.toUpperCase(Locale.ROOT), path);
    }

    APIGatewayV2HTTPEvent event(RouteMatch match, String method, String rawPath, String rawQuery, String body,
                                Map<String, String> requestHeaders, Map<String, String> jwtClaims) {
        return event(match, method, rawPath, rawQuery, body, false, requestHeaders, jwtClaims);
    }

    APIGatewayV2HTTPEvent event(RouteMatch match, String method, String rawPath, String rawQuery, String body,
                                boolean base64Encoded, Map<String, String> requestHeaders,
                                Map<String, String> jwtClaims) {
        HttpRoute route = match.route();
        String apiId = apiIds.getOrDefault(route.apiId(), Provisioner.shortId(route.apiId(), 10));
        String domainName = apiId + ".execute-api." + config.region() + ".amazonaws.com";
        Instant now = clock.instant();

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", domainName);
        headers.put("x-forwarded-for", "127.0.0.1");
        headers.put("x-forwarded-port", "443");
        headers.put("x-forwarded-proto", "https");
        headers.put("x-amzn-trace-id", "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-" + randomHex(12));
        if (body != null) {
            headers.put("content-length", String.valueOf(base64Encoded ? Base64.getDecoder().decode(body).length
                    : body.getBytes(StandardCharsets.UTF_8).length));
        }
        requestHeaders.forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        // Payload 2.0 moves the cookies out of the headers.
        String cookieHeader = headers.remove("cookie");
        List<String> cookies = cookieHeader == null ? null
                : Arrays.stream(cookieHeader.split(";")).map(String::trim).filter(c -> !c.isEmpty()).toList();

        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = null;
        if (jwtClaims != null) {
            String scope = jwtClaims.get("scope");
            authorizer = APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                            .withClaims(new LinkedHashMap<>(jwtClaims))
                            .withScopes(scope == null ? null : List.of(scope.split(" ")))
                            .build())
                    .build();
        }
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId(config.accountId())
                .withApiId(apiId)
                .withDomainName(domainName)
                .withDomainPrefix(apiId)
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(rawPath)
                        .withProtocol("HTTP/1.1")
                        .withSourceIp("127.0.0.1")
                        .withUserAgent(headers.getOrDefault("user-agent", ""))
                        .build())
                .withRequestId(Base64.getEncoder().withoutPadding().encodeToString(randomBytes(12)) + "=")
                .withRouteKey(route.routeKey())
                .withStage("$default")
                .withTime(REQUEST_TIME.format(now))
                .withTimeEpoch(now.toEpochMilli())
                .withAuthorizer(authorizer)
                .build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery)
                .withCookies(cookies)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(rawQuery))
                .withPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters())
                .withRequestContext(context)
                .withBody(body)
                .withIsBase64Encoded(base64Encoded)
                .build();
    }

    /** API Gateway reads the granted scopes from the token's "scope" claim (or "scp"), separated by spaces. */
    private static boolean hasOneOf(Map<String, String> claims, List<String> scopes) {
        String granted = claims.getOrDefault("scope", claims.getOrDefault("scp", ""));
        return Arrays.stream(granted.trim().split("\\s+")).anyMatch(scopes::contains);
    }

    /** Decoded query parameters, repeated names joined by commas as API Gateway does; null when there is none. */
    private static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return null;
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        values.forEach((name, list) -> parameters.put(name, String.join(",", list)));
        return parameters;
    }

    private static APIGatewayV2HTTPResponse toResponse(Object result) {
        if (result instanceof APIGatewayV2HTTPResponse response) {
            return response;
        }
        // Payload 2.0: anything else the function returns becomes a 200 JSON body.
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(new LinkedHashMap<>(Map.of("content-type", JSON)))
                .withBody(result == null ? "" : String.valueOf(result))
                .withIsBase64Encoded(false)
                .build();
    }

    private static APIGatewayV2HTTPResponse gatewayResponse(int status, String message) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(new LinkedHashMap<>(Map.of("content-type", JSON)))
                .withBody("{\"message\":\"" + message + "\"}")
                .withIsBase64Encoded(false)
                .build();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String randomHex(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes));
    }
}
