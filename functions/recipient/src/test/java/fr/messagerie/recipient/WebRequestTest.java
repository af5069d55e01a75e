package fr.messagerie.recipient;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cross-site defence of the recipient forms, header by header, as browsers send them (Fetch standard). */
class WebRequestTest {

    private static final String LOCAL = "http://localhost:8080";
    private static final String SITE = "https://messagerie.exemple.fr";
    private static final String TOKEN = "Zm9ybS10b2tlbi1vZi10aGUtcGFnZQ";

    @Test
    void a_same_origin_post_as_chromium_sends_it_passes() {
        assertTrue(post(LOCAL, "msec_csrf", TOKEN, TOKEN, Map.of("origin", LOCAL, "sec-fetch-site", "same-origin"))
                .csrfValid());
    }

    @Test
    void origin_null_passes_only_with_the_double_submit_cookie() {
        assertTrue(post(LOCAL, "msec_csrf", TOKEN, TOKEN, Map.of("origin", "null")).csrfValid(),
                "a browser forced to no-referrer sends Origin: null");
        assertFalse(post(LOCAL, null, null, TOKEN, Map.of("origin", "null")).csrfValid());
        assertFalse(post(LOCAL, "msec_csrf", TOKEN, "autre-valeur-de-jeton-xxxxxx", Map.of("origin", "null"))
                .csrfValid());
    }

    @Test
    void another_site_is_refused_even_with_the_right_token() {
        assertFalse(post(LOCAL, "msec_csrf", TOKEN, TOKEN, Map.of("origin", "https://malveillant.example"))
                .csrfValid());
        assertFalse(post(LOCAL, "msec_csrf", TOKEN, TOKEN, Map.of("sec-fetch-site", "cross-site")).csrfValid());
        assertFalse(post(LOCAL, "msec_csrf", TOKEN, TOKEN, Map.of("sec-fetch-site", "same-site")).csrfValid(),
                "a sibling sub-domain is another origin");
        assertFalse(post(LOCAL, "msec_csrf", TOKEN, TOKEN, Map.of("origin", "http://localhost:8081")).csrfValid());
    }

    @Test
    void over_https_the_cookie_is_host_bound() {
        assertTrue(post(SITE, "__Host-msec_csrf", TOKEN, TOKEN, Map.of("origin", SITE)).csrfValid());
        assertFalse(post(SITE, "msec_csrf", TOKEN, TOKEN, Map.of("origin", SITE)).csrfValid(),
                "a cookie without the prefix may have been planted by a sub-domain");
        String cookie = post(SITE, null, null, null, Map.of()).page(200, "<p>", null).getCookies().get(0);
        assertTrue(cookie.startsWith("__Host-msec_csrf="), cookie);
        assertTrue(cookie.contains("; Path=/;") && cookie.contains("Secure") && cookie.contains("SameSite=Strict")
                && cookie.contains("HttpOnly") && !cookie.contains("Domain"), cookie);
    }

    @Test
    void pages_keep_the_link_on_the_site_but_let_browsers_send_their_origin() {
        Map<String, String> headers = post(LOCAL, null, null, null, Map.of()).page(200, "<p>", null).getHeaders();
        assertEquals("same-origin", headers.get("Referrer-Policy"));
        assertEquals("no-store", headers.get("Cache-Control"));
    }

    private static WebRequest post(String baseUrl, String cookieName, String cookie, String formToken,
                                   Map<String, String> headers) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey("POST /r/{token}/open");
        event.setHeaders(new HashMap<>(headers));
        if (cookieName != null) {
            event.setCookies(List.of(cookieName + "=" + cookie));
        }
        event.setBody(formToken == null ? "" : "csrf=" + formToken);
        return new WebRequest(event, baseUrl);
    }
}
