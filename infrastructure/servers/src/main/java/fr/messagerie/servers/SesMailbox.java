package fr.messagerie.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The mail the local SES endpoint accepted, read back from aws-ses-v2-local's store. */
public final class SesMailbox {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final URI server;
    private final Function<String, Optional<SesRecordingProxy.RecordedSend>> recordedSends;
    private final Runnable clearRecords;

    SesMailbox(URI server, Function<String, Optional<SesRecordingProxy.RecordedSend>> recordedSends,
               Runnable clearRecords) {
        this.server = server;
        this.recordedSends = recordedSends;
        this.clearRecords = clearRecords;
    }

    /** Every message still in the store, oldest first. */
    public List<SentEmail> all() {
        return read("/store");
    }

    /** Messages sent at or after {@code instant} (the store counts in whole seconds). */
    public List<SentEmail> since(Instant instant) {
        return read("/store?since=" + instant.getEpochSecond());
    }

    public Optional<SentEmail> find(String messageId) {
        return all().stream().filter(email -> email.messageId().equals(messageId)).findFirst();
    }

    /** Messages with {@code address} among To, Cc or Bcc (case-insensitive). */
    public List<SentEmail> sentTo(String address) {
        String wanted = address.toLowerCase(Locale.ROOT);
        return all().stream()
                .filter(email -> email.recipients().stream().map(r -> r.toLowerCase(Locale.ROOT))
                        .anyMatch(r -> r.equals(wanted) || r.endsWith("<" + wanted + ">")))
                .toList();
    }

    /**
     * The message as MIME (.eml), rendered by the SES server. Not what SES would send: aws-ses-v2-local hands the
     * attachment's base64 text to nodemailer as if it were the file, so each attachment part is the base64 of the
     * base64 of the file (decode twice), whatever ContentTransferEncoding asked for, and the text and HTML parts keep
     * the bare LF line ends of the content where SES would write CRLF. Read attachments from {@link #all()}
     * ({@link SentEmail#attachments()}) instead.
     */
    public String eml(String messageId) {
        JsonNode response = getJson("/get-emlContent?messageId=" + URLEncoder.encode(messageId, StandardCharsets.UTF_8));
        JsonNode body = response.path("body");
        if (body.isTextual()) {
            return body.asText();
        }
        // Node serialises its Buffer as {"type":"Buffer","data":[bytes...]}.
        byte[] bytes = new byte[body.path("data").size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) body.path("data").get(i).asInt();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Empties the store (and the recorded tags). */
    public void clear() {
        send(HttpRequest.newBuilder(server.resolve("/clear-store"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        clearRecords.run();
    }

    private List<SentEmail> read(String path) {
        List<SentEmail> emails = new ArrayList<>();
        getJson(path).path("emails").forEach(node -> emails.add(toEmail(node)));
        return emails;
    }

    private SentEmail toEmail(JsonNode node) {
        String messageId = node.path("messageId").asText();
        Optional<SesRecordingProxy.RecordedSend> recorded = recordedSends.apply(messageId);
        List<String> encodings = recorded.map(SesRecordingProxy.RecordedSend::attachmentEncodings).orElse(List.of());
        List<String> dispositions = recorded.map(SesRecordingProxy.RecordedSend::attachmentDispositions)
                .orElse(List.of());
        List<SentEmail.Attachment> attachments = new ArrayList<>();
        node.path("attachments").forEach(attachment -> attachments.add(new SentEmail.Attachment(
                attachment.path("filename").asText(null),
                attachment.path("contentType").asText(null),
                attachment.path("size").asLong(),
                // The store keeps RawContent as received: the base64 of the JSON request, decoded once here.
                Base64.getDecoder().decode(attachment.path("content").asText("")),
                attachments.size() < encodings.size() ? encodings.get(attachments.size()) : null,
                attachments.size() < dispositions.size() ? dispositions.get(attachments.size()) : null)));
        List<SentEmail.Header> headers = new ArrayList<>();
        node.path("headers").forEach(header -> headers.add(
                new SentEmail.Header(header.path("name").asText(), header.path("value").asText())));
        JsonNode destination = node.path("destination");
        return new SentEmail(messageId,
                node.path("from").asText(null),
                strings(node.path("replyTo")),
                strings(destination.path("to")),
                strings(destination.path("cc")),
                strings(destination.path("bcc")),
                node.path("subject").asText(null),
                node.path("body").path("html").asText(null),
                node.path("body").path("text").asText(null),
                List.copyOf(attachments),
                List.copyOf(headers),
                recorded.map(SesRecordingProxy.RecordedSend::tags).orElse(Map.of()),
                recorded.map(SesRecordingProxy.RecordedSend::configurationSetName).orElse(null),
                Instant.ofEpochSecond(node.path("at").asLong()));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return List.copyOf(values);
    }

    private JsonNode getJson(String pathAndQuery) {
        String body = send(HttpRequest.newBuilder(server.resolve(pathAndQuery)).GET().build());
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable answer of the SES server: " + body, e);
        }
    }

    private static String send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("SES server answered " + response.statusCode() + " to "
                        + request.uri() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("SES server unreachable at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the SES server", e);
        }
    }
}
