package fr.messagerie.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A client of the local runtime over HTTP only: the agent's API calls and a browser keeping its cookies. */
public final class LocalHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public LocalHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A page (or any answer) with the URL it came from, to resolve its links and forms. */
    public record Page(URI uri, HttpResponse<String> response) {
        public int status() {
            return response.statusCode();
        }

        public Document html() {
            return Jsoup.parse(response.body(), uri.toString());
        }

        public String location() {
            return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
        }

        public JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }
    }

    public Page agent(String method, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request);
    }

    /** A browser GET of a page of ours (absolute URL or path), with the cookies received so far. */
    public Page get(String url) {
        return send(withCookies(HttpRequest.newBuilder(resolve(url)).GET()));
    }

    /** Posts a form as a browser would: its hidden fields plus the given ones, url-encoded, with Origin. */
    public Page submit(Page page, Element form, Map<String, String> fields) {
        Map<String, String> values = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> values.put(input.attr("name"), input.attr("value")));
        values.putAll(fields);
        String body = values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI action = page.uri().resolve(form.attr("action"));
        return send(withCookies(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", baseUrl)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))));
    }

    /** A PUT of raw bytes to any URL (a presigned upload), with exactly the given headers. */
    public int put(String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request).status();
    }

    private HttpRequest.Builder withCookies(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return request;
    }

    private Page send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(20)).build();
        try {
            HttpResponse<String> response = client.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            response.headers().allValues("Set-Cookie").forEach(cookie -> {
                String pair = cookie.split(";", 2)[0];
                int equals = pair.indexOf('=');
                cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            });
            return new Page(request.uri(), response);
        } catch (Exception e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
        }
    }

    private URI resolve(String url) {
        return URI.create(baseUrl + "/").resolve(url);
    }
}
