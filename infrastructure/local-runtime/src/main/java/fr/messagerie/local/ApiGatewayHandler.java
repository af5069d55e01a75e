package fr.messagerie.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import fr.messagerie.sam.HttpApiInvoker;
import fr.messagerie.sam.RouteMatch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * API Gateway in front of the template's routes: turns a browser or curl request into the payload 2.0 event, checks
 * the bearer token against the development agents, and writes the function's response back.
 */
final class ApiGatewayHandler {

    private final HttpApiInvoker api;
    private final DevelopmentAgents agents;
    // One container per function, as a warm Lambda serves one request at a time.
    private final Map<String, ReentrantLock> containers = new ConcurrentHashMap<>();

    ApiGatewayHandler(HttpApiInvoker api, DevelopmentAgents agents) {
        this.api = api;
        this.agents = agents;
    }

    /** The template's route for a request, if any (the console's files are served only where no route matches). */
    java.util.Optional<RouteMatch> matches(String method, String rawPath) {
        return api.match(method.toUpperCase(Locale.ROOT), rawPath);
    }

    void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> headers = headers(exchange.getRequestHeaders());
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        String body = null;
        boolean base64 = false;
        if (bytes.length > 0) {
            base64 = !isText(headers.get("content-type"));
            body = base64 ? Base64.getEncoder().encodeToString(bytes) : new String(bytes, StandardCharsets.UTF_8);
        }
        Map<String, String> claims = agents.claims(headers.get("authorization")).orElse(null);
        String pathWithQuery = rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        ReentrantLock container = api.match(method, rawPath).map(RouteMatch::route)
                .map(route -> containers.computeIfAbsent(route.functionId(), id -> new ReentrantLock()))
                .orElseGet(ReentrantLock::new);
        APIGatewayV2HTTPResponse response;
        container.lock();
        try {
            response = api.call(method, pathWithQuery, body, base64, headers, claims);
        } finally {
            container.unlock();
        }
        write(exchange, response);
    }

    /** API Gateway keeps text bodies as they are and base64-encodes the others (forms and files included). */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript");
    }

    private static Map<String, String> headers(Headers requestHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        requestHeaders.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            headers.put(lower, String.join(lower.equals("cookie") ? "; " : ",", values));
        });
        return headers;
    }

    static void write(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        Headers out = exchange.getResponseHeaders();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> {
                if (value != null && !name.equalsIgnoreCase("content-length")) {
                    out.set(name, value);
                }
            });
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> {
                if (values != null && !name.equalsIgnoreCase("content-length")) {
                    values.forEach(value -> out.add(name, value));
                }
            });
        }
        List<String> cookies = response.getCookies();
        if (cookies != null) {
            cookies.forEach(cookie -> out.add("Set-Cookie", cookie));
        }
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        send(exchange, response.getStatusCode(), bytes);
    }

    static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        boolean noBody = bytes.length == 0 || status == 204 || status == 304
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(bytes);
            }
        }
        exchange.close();
    }
}
