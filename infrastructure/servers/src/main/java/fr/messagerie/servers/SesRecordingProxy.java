package fr.messagerie.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sits between the SDK and aws-ses-v2-local and remembers, for each SendEmail, the EmailTags and the configuration
 * set: the SES server accepts them but does not keep them, and the simulated SES events must carry the tags. On
 * demand it declines SendEmail as SES does when it throttles or has paused sending (the SES server never does).
 */
final class SesRecordingProxy implements AutoCloseable {

    /**
     * What SES would echo back in its events for one sent message, and the ContentTransferEncoding and
     * ContentDisposition asked for each attachment (in request order; null when absent), which the SES server accepts
     * and ignores.
     */
    record RecordedSend(String messageId, Map<String, String> tags, String configurationSetName,
                        List<String> attachmentEncodings, List<String> attachmentDispositions) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SesRecordingProxy.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEND_EMAIL_PATH = "/v2/email/outbound-emails";
    private static final Set<String> UNFORWARDED_REQUEST_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final Set<String> UNFORWARDED_RESPONSE_HEADERS =
            Set.of("connection", "content-length", "transfer-encoding", "keep-alive");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Map<String, RecordedSend> sends = new ConcurrentHashMap<>();
    private final List<String> refusedRecipients = new CopyOnWriteArrayList<>();
    private volatile SesRefusal refusal;

    private SesRecordingProxy(URI target) throws IOException {
        this.target = target;
        // Requests are served on a growing pool: a fixed one shared with the forwarding client deadlocked once as
        // many sends as threads waited for their forwards.
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "ses-recording-proxy");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    static SesRecordingProxy start(URI target) throws IOException {
        return new SesRecordingProxy(target);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    Optional<RecordedSend> recordedSend(String messageId) {
        return Optional.ofNullable(sends.get(messageId));
    }

    void clear() {
        sends.clear();
        refusedRecipients.clear();
    }

    /** Every SendEmail from now on is declined so, until {@link #acceptSends()}. */
    void refuseSends(SesRefusal refusal) {
        this.refusal = refusal;
    }

    void acceptSends() {
        this.refusal = null;
    }

    /** The first recipient of each SendEmail declined, in order. */
    List<String> refusedRecipients() {
        return List.copyOf(refusedRecipients);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            SesRefusal declining = refusal;
            if (declining != null && "POST".equals(exchange.getRequestMethod())
                    && SEND_EMAIL_PATH.equals(exchange.getRequestURI().getPath())) {
                refuse(exchange, declining, requestBody);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), requestBody.length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(requestBody));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!UNFORWARDED_REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if ("POST".equals(exchange.getRequestMethod()) && SEND_EMAIL_PATH.equals(exchange.getRequestURI().getPath())
                    && response.statusCode() == 200) {
                record(requestBody, response.body());
            }
            response.headers().map().forEach((name, values) -> {
                if (!UNFORWARDED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("SES proxy could not forward {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            throw e;
        }
    }

    private void refuse(HttpExchange exchange, SesRefusal declining, byte[] requestBody) throws IOException {
        String recipient;
        try {
            recipient = JSON.readTree(requestBody).path("Destination").path("ToAddresses").path(0).asText("");
        } catch (IOException e) {
            recipient = "";
        }
        refusedRecipients.add(recipient);
        byte[] body = JSON.writeValueAsBytes(Map.of("message", declining.message()));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", declining.errorType());
        exchange.sendResponseHeaders(declining.status(), body.length);
        exchange.getResponseBody().write(body);
    }

    private void record(byte[] requestBody, byte[] responseBody) {
        try {
            JsonNode request = JSON.readTree(requestBody);
            String messageId = JSON.readTree(responseBody).path("MessageId").asText(null);
            if (messageId == null) {
                return;
            }
            Map<String, String> tags = new LinkedHashMap<>();
            request.path("EmailTags").forEach(tag -> tags.put(tag.path("Name").asText(), tag.path("Value").asText()));
            String configurationSet = request.path("ConfigurationSetName").asText(null);
            List<String> encodings = new ArrayList<>();
            List<String> dispositions = new ArrayList<>();
            request.path("Content").path("Simple").path("Attachments").forEach(attachment -> {
                encodings.add(attachment.path("ContentTransferEncoding").asText(null));
                dispositions.add(attachment.path("ContentDisposition").asText(null));
            });
            sends.put(messageId, new RecordedSend(messageId, Map.copyOf(tags), configurationSet,
                    Collections.unmodifiableList(encodings), Collections.unmodifiableList(dispositions)));
        } catch (IOException e) {
            LOG.warn("Unreadable SendEmail exchange, its tags are not recorded", e);
        }
    }
}
