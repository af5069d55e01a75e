package fr.messagerie.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static fr.messagerie.local.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local runtime as a newcomer uses it: over HTTP only, agent API, mailbox page and recipient pages. */
@ExtendWith(LocalRuntimeExtension.class)
class LocalRuntimeSmokeTest {

    private static final String CONSULTATION = "demo-ado-2207-2020";

    private static LocalRuntime runtime;
    private static String token;

    @BeforeAll
    static void start(LocalRuntime shared) {
        runtime = shared;
        token = runtime.agents().alice().token();
    }

    @Test
    void draft_send_mailbox_link_open_reply_then_the_list_shows_an_unread_reply() {
        LocalHttp http = new LocalHttp(runtime.baseUrl());
        String company = "smoke." + UUID.randomUUID().toString().substring(0, 8) + "@entreprise.example";
        sendLetter(http, company);

        Element row = eventually("the mail in the mailbox", () -> Optional.ofNullable(http.get("/_mailbox").html()
                .selectFirst("tr:contains(" + company + ") a[href]")));
        LocalHttp.Page mail = http.get(row.attr("href"));
        Element link = mail.html().selectFirst("a[href^=" + runtime.baseUrl() + "/r/]");
        assertNotNull(link, () -> "an access link to this server: " + mail.response().body());

        LocalHttp.Page landing = http.get(link.attr("href"));
        assertEquals(200, landing.status());
        assertTrue(landing.html().text().contains("Accéder au contenu du courrier"), landing.html().text());
        LocalHttp.Page opened = http.submit(landing, landing.html().selectFirst("form[method=post]"), Map.of());
        assertEquals(303, opened.status(), opened.response().body());
        LocalHttp.Page content = http.get(opened.location());
        assertEquals(200, content.status());
        Element replyForm = content.html().selectFirst("form:has(textarea[name=body])");
        assertNotNull(replyForm, () -> "a reply form: " + content.html().text());
        LocalHttp.Page replied = http.submit(content, replyForm, Map.of("body", "Bonjour, voici nos compléments."));
        assertEquals(303, replied.status(), replied.response().body());

        eventually("the unread reply in the tracking list", () -> row(http, company)
                .filter(r -> r.path("statusLabel").asText().equals("Réponse non lue")));
    }

    @Test
    void a_simulated_bounce_makes_the_delivery_not_delivered_with_its_reason() {
        LocalHttp http = new LocalHttp(runtime.baseUrl());
        String bounce = "bounce+" + UUID.randomUUID().toString().substring(0, 8) + "@simulator.amazonses.com";
        sendLetter(http, bounce);

        JsonNode row = eventually("the bounce in the tracking list", () -> row(http, bounce)
                .filter(r -> r.path("statusLabel").asText().equals("Non délivré")));
        assertTrue(row.path("nonDeliveryReason").asText().contains("refusée"), row::toString);
    }

    @Test
    void agent_routes_need_a_development_token_and_the_home_page_lists_them() {
        LocalHttp http = new LocalHttp(runtime.baseUrl());
        assertEquals(401, http.agent("GET", "/letter-types", null, null).status());
        assertEquals(401, http.agent("GET", "/letter-types", "not-a-token", null).status());
        assertEquals(200, http.agent("GET", "/letter-types", token, null).status());
        String bruno = runtime.agents().bruno().token();
        assertEquals(404, http.agent("GET", "/consultations/" + CONSULTATION, bruno, null).status(),
                "another organism's consultation is not found, as a missing one");
        String home = http.get("/_local").html().text();
        assertTrue(http.get("/openapi.yaml").response().body().startsWith("openapi: 3.1.0"),
                "the agent API's description is served");
        assertTrue(http.get("/").response().body().contains("<div id=\"app\">"), "the console at the root");
        String platform = runtime.agents().platform().token();
        assertTrue(home.contains(token) && home.contains(bruno) && home.contains(CONSULTATION)
                && home.contains(platform), home);
        String signIn = http.get("/_local/agents").response().body();
        assertTrue(signIn.contains(token) && signIn.contains(bruno) && !signIn.contains(platform),
                "the console's sign-in lists the agents, not the platform's integration token: " + signIn);
    }

    @Test
    void only_the_development_integration_token_pushes_consultations() {
        LocalHttp http = new LocalHttp(runtime.baseUrl());
        String platform = runtime.agents().platform().token();
        String id = "smoke-" + UUID.randomUUID();
        String json = """
                {"organismId": "departement-13", "reference": "SMOKE-1", "title": "Consultation poussée"}""";
        assertEquals(403, http.agent("PUT", "/consultations/" + id, token, json).status(),
                "an agent's token lacks the integration scope");
        LocalHttp.Page pushed = http.agent("PUT", "/consultations/" + id, platform, json);
        assertEquals(200, pushed.status(), pushed.response().body());
        LocalHttp.Page read = http.agent("GET", "/consultations/" + id, token, null);
        assertEquals(200, read.status(), read.response().body());
        assertEquals("Département des Bouches-du-Rhône", read.json().path("organismName").asText());
    }

    private void sendLetter(LocalHttp http, String address) {
        LocalHttp.Page draft = http.agent("POST", "/consultations/" + CONSULTATION + "/letters", token, """
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "2030-01-31T17:00:00+01:00"},
                 "recipients": {"addresses": "%s"}}""".formatted(address));
        assertEquals(201, draft.status(), draft.response().body());
        String letterId = draft.json().path("id").asText();
        LocalHttp.Page sent = http.agent("POST", "/letters/" + letterId + "/send", token, null);
        assertEquals(202, sent.status(), sent.response().body());
    }

    private static Optional<JsonNode> row(LocalHttp http, String address) {
        LocalHttp.Page list = http.agent("GET", "/consultations/" + CONSULTATION + "/deliveries?limit=100", token,
                null);
        assertEquals(200, list.status(), list.response().body());
        for (JsonNode row : list.json().path("rows")) {
            if (row.path("recipient").path("email").asText().equalsIgnoreCase(address)) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }
}
