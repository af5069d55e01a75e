package fr.messagerie.recipient;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A browser request to the recipient pages, and the responses they send: HTML with strict security headers,
 * redirects.
 *
 * <p>Cross-site forms are refused by a double-submit cookie ({@code SameSite=Strict}, {@code __Host-} prefixed over
 * HTTPS) and by what the browser says of the request's origin: {@code Sec-Fetch-Site} must be "same-origin" when
 * sent, and {@code Origin} the site's own when sent. The pages use {@code Referrer-Policy: same-origin}, under which
 * browsers send the real Origin on same-origin form posts (with {@code no-referrer} they send {@code Origin: null},
 * which is why that value alone is tolerated: privacy settings may still force it, and the cookie decides then).
 */
final class WebRequest {
    private static final String CSRF_COOKIE = "msec_csrf";
    /** Over HTTPS: bound to the exact host, no sub-domain can plant it. */
    private static final String SECURE_CSRF_COOKIE = "__Host-msec_csrf";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A reply at its largest, percent-encoded (an accented letter takes 6 characters), with room to spare. */
    static final int MAX_FORM_LENGTH = 1024 * 1024;

    private final APIGatewayV2HTTPEvent event;
    private final String baseUrl;
    private final String cookieCsrf;
    private final String csrf;
    private Map<String, String> form;

    WebRequest(APIGatewayV2HTTPEvent event, String baseUrl) {
        this.event = event;
        this.baseUrl = baseUrl;
        this.cookieCsrf = cookie(secure() ? SECURE_CSRF_COOKIE : CSRF_COOKIE);
        this.csrf = cookieCsrf != null && cookieCsrf.matches("[A-Za-z0-9_-]{22,64}") ? cookieCsrf : newCsrf();
    }

    String routeKey() {
        return event.getRouteKey();
    }

    boolean isPost() {
        return routeKey() != null && routeKey().startsWith("POST ");
    }

    String pathParameter(String name) {
        return event.getPathParameters() == null ? null : event.getPathParameters().get(name);
    }

    String query(String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? null : query.get(name);
    }

    /** The value the forms of the page carry, equal to the cookie the browser will send back. */
    String csrf() {
        return csrf;
    }

    boolean csrfValid() {
        String fetchSite = header("sec-fetch-site");
        if (fetchSite != null && !fetchSite.equals("same-origin")) {
            return false;
        }
        String origin = header("origin");
        if (origin != null && !origin.equals("null") && !origin.equals(origin(baseUrl))) {
            return false;
        }
        String sent = form().get("csrf");
        return cookieCsrf != null && sent != null
                && MessageDigest.isEqual(cookieCsrf.getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8));
    }

    /** The posted form; {@link Refused} when it is too large or not url-encoded. */
    Map<String, String> form() {
        if (form == null) {
            form = new HashMap<>();
            String body = event.getBody();
            if (body != null && body.length() > (event.getIsBase64Encoded() ? MAX_FORM_LENGTH / 3 * 4 + 4
                    : MAX_FORM_LENGTH)) {
                throw new Refused(413, "Envoi trop volumineux", "Le formulaire envoyé dépasse "
                        + MAX_FORM_LENGTH / 1024 + " Ko : il n'a pas été traité.");
            }
            if (body != null && event.getIsBase64Encoded()) {
                try {
                    body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw malformedForm();
                }
            }
            if (body != null && !body.isEmpty()) {
                for (String pair : body.split("&")) {
                    int equals = pair.indexOf('=');
                    String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                    String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                    form.putIfAbsent(name, value);
                }
            }
        }
        return form;
    }

    APIGatewayV2HTTPResponse page(int status, String html, String uploadOrigin) {
        Map<String, String> headers = securityHeaders();
        headers.put("Content-Type", "text/html; charset=utf-8");
        headers.put("Content-Security-Policy", RecipientPages.contentSecurityPolicy(uploadOrigin));
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers)
                .withCookies(List.of(csrfCookie())).withBody(html).build();
    }

    /** After a POST: the browser reloads the page with a GET, so that a refresh never posts twice. */
    APIGatewayV2HTTPResponse seeOther(String location) {
        return redirect(303, location);
    }

    APIGatewayV2HTTPResponse redirect(String location) {
        return redirect(302, location);
    }

    private APIGatewayV2HTTPResponse redirect(int status, String location) {
        Map<String, String> headers = securityHeaders();
        headers.put("Location", location);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers)
                .withCookies(List.of(csrfCookie())).build();
    }

    private Map<String, String> securityHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        // Not no-referrer: browsers would then send "Origin: null" on our own forms. The token-bearing URL still
        // never leaves the site (the bucket, the direct link and the proof get no Referer).
        headers.put("Referrer-Policy", "same-origin");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        if (secure()) {
            headers.put("Strict-Transport-Security", "max-age=31536000");
        }
        return headers;
    }

    private String csrfCookie() {
        return secure() ? SECURE_CSRF_COOKIE + "=" + csrf + "; Path=/; Secure; HttpOnly; SameSite=Strict"
                : CSRF_COOKIE + "=" + csrf + "; Path=/r/; HttpOnly; SameSite=Strict";
    }

    private boolean secure() {
        return baseUrl.startsWith("https://");
    }

    private String cookie(String name) {
        List<String> cookies = event.getCookies();
        if (cookies == null) {
            String header = header("cookie");
            cookies = header == null ? List.of() : List.of(header.split(";"));
        }
        for (String cookie : cookies) {
            String trimmed = cookie.trim();
            if (trimmed.startsWith(name + "=")) {
                return trimmed.substring(name.length() + 1);
            }
        }
        return null;
    }

    private String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static String newCsrf() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformedForm();
        }
    }

    private static Refused malformedForm() {
        return new Refused(400, "Requête invalide", "Le formulaire envoyé est illisible. Rechargez la page puis "
                + "recommencez.");
    }

    /** A request the pages refuse before any action, answered with a page saying why. */
    static final class Refused extends RuntimeException {
        final int status;
        final String title;

        Refused(int status, String title, String message) {
            super(message);
            this.status = status;
            this.title = title;
        }
    }
}
