package fr.messagerie.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.messagerie.sam.HttpApiInvoker;
import fr.messagerie.servers.SentEmail;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A company's browser on the link of one email: the landing page, then its "Accéder au contenu" form. */
final class RecipientPages {
    private static final Pattern LINK = Pattern.compile("/r/[A-Za-z0-9_-]{20,}");

    private final HttpApiInvoker api;
    private final String baseUrl;
    private final Map<String, String> cookies = new HashMap<>();

    RecipientPages(HttpApiInvoker api, String baseUrl) {
        this.api = api;
        this.baseUrl = baseUrl;
    }

    /** The path of the access link ("/r/{token}") in an email. */
    static String link(SentEmail mail) {
        Matcher matcher = LINK.matcher(mail.html());
        if (!matcher.find()) {
            throw new IllegalStateException("No access link in the email " + mail.messageId());
        }
        return matcher.group();
    }

    /** GETs the landing page (which records nothing) and returns its open form. */
    Element landing(String link) {
        APIGatewayV2HTTPResponse response = call("GET", link, null);
        expect(200, response);
        Element form = Jsoup.parse(response.getBody()).selectFirst("form[method=post]");
        if (form == null) {
            throw new IllegalStateException("No form on the landing page of " + link);
        }
        return form;
    }

    /** Posts the form with its hidden fields: the read receipt; the pages answer 303 to the content. */
    void submit(Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> fields.put(input.attr("name"), input.attr("value")));
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String action = form.attr("action");
        expect(303, call("POST", action.startsWith(baseUrl) ? action.substring(baseUrl.length()) : action, body));
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("origin", baseUrl);
        if (body != null) {
            headers.put("content-type", "application/x-www-form-urlencoded");
        }
        if (!cookies.isEmpty()) {
            headers.put("cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        APIGatewayV2HTTPResponse response = api.call(method, path, body, headers, null);
        List<String> set = response.getCookies();
        if (set != null) {
            set.forEach(cookie -> {
                String pair = cookie.split(";", 2)[0];
                int equals = pair.indexOf('=');
                cookies.put(pair.substring(0, equals), pair.substring(equals + 1));
            });
        }
        return response;
    }

    private static void expect(int status, APIGatewayV2HTTPResponse response) {
        if (response.getStatusCode() != status) {
            throw new IllegalStateException("Expected " + status + ", got " + response.getStatusCode() + ": "
                    + response.getBody());
        }
    }
}
