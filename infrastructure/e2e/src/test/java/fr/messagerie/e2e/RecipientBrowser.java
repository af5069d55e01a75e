package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.messagerie.sam.HttpApiInvoker;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** A company's browser on the recipient pages: keeps cookies, posts forms, uploads straight to the bucket. */
final class RecipientBrowser {
    static final String BASE_URL = "http://localhost:8080";

    private final HttpApiInvoker api;
    private final Map<String, String> cookies = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    RecipientBrowser(HttpApiInvoker api) {
        this.api = api;
    }

    record Page(int status, Document html, APIGatewayV2HTTPResponse response) {
        String location() {
            return response.getHeaders().get("Location");
        }

        String header(String name) {
            return response.getHeaders().get(name);
        }

        String text() {
            return html.text();
        }
    }

    Page get(String pathWithQuery) {
        return page(api.call("GET", local(pathWithQuery), null, headers(null), null));
    }

    /** Posts a form of the page, with the hidden fields it carries and the extra fields given. */
    Page submit(Element form, Map<String, String> fields) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> values.put(input.attr("name"), input.attr("value")));
        values.putAll(fields);
        String body = values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return page(api.call("POST", local(form.attr("action")), body,
                headers("application/x-www-form-urlencoded"), null));
    }

    /** Follows a redirect of our pages, as the browser would. */
    Page follow(Page page) {
        return get(page.location());
    }

    /**
     * The S3 upload form of the page, posted with a file as a browser running the page's script does (the file's
     * name written into the form); returns where the bucket sends the browser back.
     */
    HttpResponse<String> upload(Element form, String fileName, byte[] content) throws Exception {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> fields.put(input.attr("name"), input.attr("value")));
        fields.computeIfPresent("x-amz-meta-filename", (name, value) -> "=?UTF-8?B?" + java.util.Base64.getEncoder()
                .encodeToString(fileName.getBytes(StandardCharsets.UTF_8)) + "?=");
        return post(form.attr("action"), fields, fileName, content);
    }

    /** A multipart form post to the bucket: the fields in order, the file last. */
    HttpResponse<String> post(String action, Map<String, String> fields, String fileName, byte[] content)
            throws Exception {
        String boundary = "----msec" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(action))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError("download refused: " + response.statusCode());
        }
        return response.body();
    }

    private Page page(APIGatewayV2HTTPResponse response) {
        List<String> set = response.getCookies();
        if (set != null) {
            set.forEach(cookie -> {
                String pair = cookie.split(";", 2)[0];
                cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            });
        }
        String body = response.getBody() == null ? "" : response.getBody();
        return new Page(response.getStatusCode(), Jsoup.parse(body), response);
    }

    private Map<String, String> headers(String contentType) {
        Map<String, String> headers = new HashMap<>();
        headers.put("origin", BASE_URL);
        if (!cookies.isEmpty()) {
            headers.put("cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        return headers;
    }

    private static String local(String url) {
        return url.startsWith(BASE_URL) ? url.substring(BASE_URL.length()) : url;
    }
}
