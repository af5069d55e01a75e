package fr.messagerie.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.messagerie.sam.LocalSystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DynamoDB requests of one function, counted: a proxy in front of the local DynamoDB that records the operation
 * of each request ({@code X-Amz-Target}), put in the function's endpoint until closed (a fresh container each way).
 */
final class DynamoRequests implements AutoCloseable {
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    /** Set by the HTTP client itself. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI target;
    private final List<String> operations = new ArrayList<>();
    private final AutoCloseable reconfigured;

    private DynamoRequests(LocalSystem system, String functionId) throws IOException {
        Map<String, String> env = system.functionEnv(functionId);
        target = URI.create(env.getOrDefault("AWS_ENDPOINT_URL_DYNAMODB", env.get("AWS_ENDPOINT_URL")));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::forward);
        server.start();
        reconfigured = system.functions().reconfigure(functionId, Map.of("AWS_ENDPOINT_URL_DYNAMODB",
                "http://127.0.0.1:" + server.getAddress().getPort()));
    }

    static DynamoRequests of(LocalSystem system, String functionId) throws IOException {
        return new DynamoRequests(system, functionId);
    }

    /** The operations requested since the last call, in order (GetItem, Query…). */
    synchronized List<String> take() {
        List<String> taken = List.copyOf(operations);
        operations.clear();
        return taken;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            synchronized (this) {
                operations.add(operation == null ? "?" : operation.replace(TARGET_PREFIX, ""));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        reconfigured.close();
        server.stop(0);
    }
}
