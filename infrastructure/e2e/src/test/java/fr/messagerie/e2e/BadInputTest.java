package fr.messagerie.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.common.Hashes;
import fr.messagerie.sam.HttpRoute;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every refusal is a 4xx problem+json with a stable code and a French message (a French HTML page on the recipient
 * pages), and writes nothing; no bad input makes any route answer a 5xx.
 */
@ExtendWith(LocalAwsExtension.class)
class BadInputTest {
    private final LocalSystem system;
    private final AgentApi agent;
    private String consultation;

    BadInputTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @BeforeEach
    void consultation() {
        consultation = agent.newConsultation();
    }

    @Test
    void an_invalid_address_is_refused_with_the_address_named() {
        JsonNode problem = refusedWithoutWrite(400, "invalid-recipient-address", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "ok@entreprise.example; pas-une-adresse"}}"""));
        assertTrue(problem.path("detail").asText().contains("« pas-une-adresse »"), problem.toString());
        assertEquals("recipients", problem.path("errors").get(0).path("field").asText());
    }

    @Test
    void an_empty_subject_is_refused_on_creation_and_on_update() {
        refusedWithoutWrite(400, "subject-required", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "subject": "   "}"""));
        String letterId = agent.createDraft(consultation, "{\"letterType\": \"COURRIER_LIBRE\"}").path("id").asText();
        refusedWithoutWrite(400, "subject-required",
                () -> agent.http().put("/letters/" + letterId, "{\"subject\": \"\"}", AgentApi.ALICE));
        assertEquals("Réf. ADO-2207-2020 - Courrier libre", agent.letter(letterId).path("subject").asText());
    }

    @Test
    void an_unknown_letter_type_is_refused() {
        JsonNode problem = refusedWithoutWrite(400, "unknown-letter-type",
                () -> createDraft("{\"letterType\": \"COURRIER_RECOMMANDE\"}"));
        assertTrue(problem.path("detail").asText().contains("Courrier de rejet"), "the possible types are listed");
        refusedWithoutWrite(400, "letter-type-required", () -> createDraft("{}"));
    }

    @Test
    void a_reply_deadline_in_the_past_is_refused() {
        JsonNode problem = refusedWithoutWrite(400, "reply-deadline-in-past", () -> createDraft("""
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "2020-01-31T17:00:00+01:00"}}"""));
        assertTrue(problem.path("detail").asText().contains("31/01/2020 17:00"), problem.toString());
        refusedWithoutWrite(400, "invalid-reply-deadline", () -> createDraft("""
                {"letterType": "DEMANDE_COMPLEMENT", "replyOptions": {"allowed": true, "deadline": "demain midi"}}"""));
    }

    @Test
    void reply_options_with_a_simple_email_are_refused() {
        refusedWithoutWrite(400, "reply-options-require-access-link", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "sendMode": "SIMPLE", "replyOptions": {"allowed": true}}"""));
        refusedWithoutWrite(400, "invalid-send-mode", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "sendMode": "PIGEON_VOYAGEUR"}"""));
        refusedWithoutWrite(400, "sealed-reply-requires-deadline", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "replyOptions": {"allowed": true, "sealed": true}}"""));
    }

    @Test
    void a_sent_letter_can_be_neither_sent_again_nor_edited_nor_deleted() {
        String letterId = agent.createDraft(consultation, """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}""".formatted(Mail.address("x")))
                .path("id").asText();
        agent.send(letterId);
        refusedWithoutWrite(409, "letter-already-sent",
                () -> agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
        refusedWithoutWrite(409, "letter-not-editable",
                () -> agent.http().put("/letters/" + letterId, "{\"subject\": \"Autre objet\"}", AgentApi.ALICE));
        refusedWithoutWrite(409, "letter-not-editable", () -> agent.http().delete("/letters/" + letterId, AgentApi.ALICE));
        system.sqs().drain("SendFunction");
    }

    @Test
    void a_draft_without_recipient_cannot_be_sent_and_stays_a_draft() {
        String letterId = agent.createDraft(consultation, "{\"letterType\": \"COURRIER_LIBRE\"}").path("id").asText();
        refusedWithoutWrite(400, "recipients-required",
                () -> agent.http().post("/letters/" + letterId + "/send", null, AgentApi.ALICE));
        assertEquals("DRAFT", agent.letter(letterId).path("state").asText());
    }

    @Test
    void another_organisms_consultation_and_letters_are_out_of_reach() {
        String letterId = agent.createDraft(consultation, "{\"letterType\": \"COURRIER_LIBRE\"}").path("id").asText();
        var api = agent.http();
        Map<String, String> bruno = AgentApi.BRUNO;
        refusedWithoutWrite(404, "consultation-not-found", () -> api.get("/consultations/" + consultation, bruno));
        refusedWithoutWrite(404, "consultation-not-found",
                () -> api.get("/consultations/" + consultation + "/registers", bruno));
        refusedWithoutWrite(404, "consultation-not-found", () -> api.post("/consultations/" + consultation
                + "/letters", "{\"letterType\": \"COURRIER_LIBRE\"}", bruno));
        refusedWithoutWrite(404, "letter-not-found", () -> api.get("/letters/" + letterId, bruno));
        refusedWithoutWrite(404, "letter-not-found",
                () -> api.put("/letters/" + letterId, "{\"subject\": \"Piraté\"}", bruno));
        refusedWithoutWrite(404, "letter-not-found", () -> api.delete("/letters/" + letterId, bruno));
        refusedWithoutWrite(404, "letter-not-found",
                () -> api.post("/letters/" + letterId + "/send", null, bruno));
        Map<String, String> noOrganism = new HashMap<>(AgentApi.ALICE);
        noOrganism.remove("custom:organism");
        refusedWithoutWrite(403, "missing-organism", () -> api.get("/consultations/" + consultation, noOrganism));
        assertEquals(401, api.get("/consultations/" + consultation, null).getStatusCode(), "no token: the gateway");
    }

    @Test
    void malformed_or_mistyped_json_is_refused() {
        refusedWithoutWrite(400, "malformed-json", () -> createDraft("{\"letterType\": \"COURRIER_LIBRE\","));
        refusedWithoutWrite(400, "malformed-json",
                () -> agent.http().put("/consultations/" + consultation, "{reference: ADO}", AgentApi.PLATFORM));
        JsonNode problem = refusedWithoutWrite(400, "invalid-request-body", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "recipients": {"registers": "WITHDRAWALS"}}"""));
        assertEquals("recipients.registers", problem.path("errors").get(0).path("field").asText());
        refusedWithoutWrite(400, "body-required", () -> createDraft(""));
    }

    @Test
    void unknown_ids_are_not_found() {
        refusedWithoutWrite(404, "letter-not-found", () -> agent.http().get("/letters/inconnu", AgentApi.ALICE));
        refusedWithoutWrite(404, "consultation-not-found", () -> agent.http().post("/consultations/inconnue/letters",
                "{\"letterType\": \"COURRIER_LIBRE\"}", AgentApi.ALICE));
    }

    @Test
    void a_consultation_with_bad_registers_is_refused_whole() {
        refusedWithoutWrite(400, "invalid-recipient-address", () -> agent.http().put("/consultations/cons-neuve-"
                + System.nanoTime(), """
                {"organismId": "departement-13", "reference": "R1", "title": "T1",
                 "registers": {"WITHDRAWALS": [{"name": "X", "email": "pas une adresse"}]}}""", AgentApi.PLATFORM));
        refusedWithoutWrite(400, "unknown-register", () -> agent.http().put("/consultations/" + consultation, """
                {"organismId": "departement-13", "reference": "R1", "title": "T1",
                 "registers": {"FREE_RECIPIENTS": []}}""", AgentApi.PLATFORM));
        refusedWithoutWrite(400, "reference-required", () -> agent.http().put("/consultations/" + consultation,
                "{\"organismId\": \"departement-13\", \"title\": \"T1\"}", AgentApi.PLATFORM));
    }

    /** Nested deeper than Jackson's own limit (1,000), which once ended in a NullPointerException. */
    private static final String DEEP_JSON = "{\"letterType\": \"COURRIER_LIBRE\", \"x\": " + "[".repeat(1_200)
            + "]".repeat(1_200) + "}";
    private static final String OVER_KEY_LIMIT = "a".repeat(3_000);
    private static final String FAR_DATE = "+999999999-12-31T00:00:00Z";

    @Test
    void json_nested_without_end_is_refused_on_every_json_route() {
        String letterId = agent.createDraft(consultation, "{\"letterType\": \"COURRIER_LIBRE\"}").path("id").asText();
        refusedWithoutWrite(400, "invalid-request-body", () -> createDraft(DEEP_JSON));
        refusedWithoutWrite(400, "invalid-request-body",
                () -> agent.http().put("/letters/" + letterId, DEEP_JSON, AgentApi.ALICE));
        refusedWithoutWrite(400, "invalid-request-body",
                () -> agent.http().put("/consultations/" + consultation, DEEP_JSON, AgentApi.PLATFORM));
        refusedWithoutWrite(400, "invalid-request-body",
                () -> agent.http().post("/letters/" + letterId + "/attachments", DEEP_JSON, AgentApi.ALICE));
        String deliveryId = sentDelivery(Mail.address("profond"));
        refusedWithoutWrite(400, "invalid-request-body",
                () -> agent.http().put("/deliveries/" + deliveryId + "/favorite", DEEP_JSON, AgentApi.ALICE));
        refusedWithoutWrite(400, "invalid-request-body",
                () -> agent.http().post("/deliveries/" + deliveryId + "/resend", DEEP_JSON, AgentApi.ALICE));
        refusedWithoutWrite(413, "request-too-large",
                () -> createDraft("{\"letterType\": \"COURRIER_LIBRE\", \"x\": \"" + "x".repeat(1_100_000) + "\"}"));
    }

    @Test
    void wrong_json_types_are_refused_never_converted() {
        String letterId = agent.createDraft(consultation, "{\"letterType\": \"COURRIER_LIBRE\"}").path("id").asText();
        JsonNode subject = refusedWithoutWrite(400, "invalid-request-body",
                () -> agent.http().put("/letters/" + letterId, "{\"subject\": 123}", AgentApi.ALICE));
        assertEquals("subject", subject.path("errors").get(0).path("field").asText());
        refusedWithoutWrite(400, "invalid-request-body",
                () -> agent.http().put("/letters/" + letterId, "{\"version\": \"1\"}", AgentApi.ALICE));
        refusedWithoutWrite(400, "invalid-request-body", () -> agent.http().put("/letters/" + letterId,
                "{\"replyOptions\": {\"allowed\": \"true\"}}", AgentApi.ALICE));
        JsonNode size = refusedWithoutWrite(400, "invalid-request-body", () -> agent.http().post("/letters/" + letterId
                + "/attachments", "{\"fileName\": \"a.pdf\", \"size\": 2.5, \"sha256\": \"" + Hashes.sha256("a")
                + "\"}", AgentApi.ALICE));
        assertEquals("size", size.path("errors").get(0).path("field").asText());
        String deliveryId = sentDelivery(Mail.address("favori"));
        for (String favorite : List.of("{\"favorite\": \"true\"}", "{\"favorite\": null}", "{}", "{\"favorite\": 1}")) {
            refusedWithoutWrite(400, "invalid-request-body",
                    () -> agent.http().put("/deliveries/" + deliveryId + "/favorite", favorite, AgentApi.ALICE));
        }
        refusedWithoutWrite(400, "invalid-request-body", () -> agent.http().post("/deliveries/" + deliveryId
                + "/resend", "{\"email\": 42}", AgentApi.ALICE));
    }

    @Test
    void a_null_contact_is_refused() {
        JsonNode problem = refusedWithoutWrite(400, "invalid-request-body", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "recipients": {"contacts": [null]}}"""));
        assertEquals("recipients.contacts[0]", problem.path("errors").get(0).path("field").asText());
        refusedWithoutWrite(400, "invalid-request-body", () -> agent.http().put("/consultations/" + consultation, """
                {"organismId": "departement-13", "reference": "R1", "title": "T1", "registers": {"WITHDRAWALS": [null]}}""", AgentApi.PLATFORM));
    }

    @Test
    void dates_outside_the_years_2000_to_2100_are_refused() {
        refusedWithoutWrite(400, "invalid-reply-deadline", () -> createDraft("""
                {"letterType": "DEMANDE_COMPLEMENT", "replyOptions": {"allowed": true, "deadline": "%s"}}"""
                .formatted(FAR_DATE)));
        refusedWithoutWrite(400, "invalid-reply-deadline", () -> createDraft("""
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "2101-01-01T00:00:00Z"}}"""));
        refusedWithoutWrite(400, "invalid-bid-deadline", () -> agent.http().put("/consultations/" + consultation,
                "{\"organismId\": \"departement-13\", \"reference\": \"R1\", \"title\": \"T1\", \"bidDeadline\": \"" + FAR_DATE + "\"}", AgentApi.PLATFORM));
        String list = "/consultations/" + consultation + "/deliveries";
        refusedWithoutWrite(400, "invalid-date-filter", () -> agent.http().get(list + "?from=%2B999999999-12-31",
                AgentApi.ALICE));
        refusedWithoutWrite(400, "invalid-date-filter", () -> agent.http().get(list + "?to=%2B999999999-12-31",
                AgentApi.ALICE));
        refusedWithoutWrite(400, "invalid-date-filter", () -> agent.http().get(list + "?from=1999-12-31",
                AgentApi.ALICE));
    }

    @Test
    void tracking_cursors_that_overflow_or_name_no_position_are_refused() {
        String list = "/consultations/" + consultation + "/deliveries?cursor=";
        for (String position : List.of("9223372036854775807000000000#abc", "0000000000000000000999999999#abc",
                "3155688986440320000000000000#abc", "0000000001700000000000000000#" + "a".repeat(3_000))) {
            String cursor = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(position.getBytes(StandardCharsets.UTF_8));
            refusedWithoutWrite(400, "invalid-cursor", () -> agent.http().get(list + cursor, AgentApi.ALICE));
        }
        refusedWithoutWrite(400, "invalid-keywords-filter", () -> agent.http().get("/consultations/" + consultation
                + "/deliveries?q=" + "mot+".repeat(11), AgentApi.ALICE));
    }

    @Test
    void ids_over_the_key_limit_are_refused() {
        refusedWithoutWrite(400, "invalid-identifier", () -> agent.http().get("/letters/" + OVER_KEY_LIMIT,
                AgentApi.ALICE));
        refusedWithoutWrite(400, "invalid-identifier", () -> agent.http().put("/consultations/" + OVER_KEY_LIMIT,
                AgentApi.CONSULTATION, AgentApi.PLATFORM));
        refusedWithoutWrite(400, "invalid-identifier", () -> agent.http().put("/consultations/cons%23TRACK",
                AgentApi.CONSULTATION, AgentApi.PLATFORM));
        refusedWithoutWrite(400, "invalid-identifier", () -> agent.http().get("/deliveries/" + OVER_KEY_LIMIT,
                AgentApi.ALICE));
        refusedWithoutWrite(400, "invalid-identifier", () -> agent.http().get("/deliveries/" + OVER_KEY_LIMIT
                + "/proof", AgentApi.ALICE));
        String draft = agent.createDraft(consultation, """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}""".formatted(Mail.address("cle")))
                .path("id").asText();
        refusedWithoutWrite(400, "invalid-idempotency-key", () -> agent.http().call("POST", "/letters/" + draft
                + "/send", null, Map.of("Idempotency-Key", "k".repeat(3_000)), AgentApi.ALICE));
        String company = Mail.address("courrier");
        String link = accessLink(company);
        pageRefusedWithoutWrite(404, "Lien invalide ou expiré", () -> system.api().get(link + "?courrier="
                + OVER_KEY_LIMIT, null));
        pageRefusedWithoutWrite(400, "Le fichier téléversé est introuvable", () -> system.api().get(link
                + "/reply-files/uploaded?key=deliveries/" + OVER_KEY_LIMIT + "/reply/x/y.pdf", null));
        String deliveryId = agent.letter(letterOf(company)).path("deliveries").get(0).path("id").asText();
        pageRefusedWithoutWrite(400, "Le fichier téléversé est introuvable", () -> system.api().get(link
                + "/reply-files/uploaded?key=deliveries/" + deliveryId + "/reply/" + "f".repeat(36) + "/"
                + "n".repeat(1_100) + ".pdf", null));
        assertEquals(404, system.api().get(link + "/proof?courrier=" + OVER_KEY_LIMIT, null).getStatusCode());
    }

    @Test
    void bodies_that_would_break_a_record_are_refused() {
        JsonNode deep = refusedWithoutWrite(400, "body-too-deep", () -> createDraft("{\"letterType\": "
                + "\"COURRIER_LIBRE\", \"body\": \"" + "<ul><li>".repeat(1_200) + "texte\"}"));
        assertTrue(deep.path("detail").asText().contains("32 niveaux"), deep.toString());
        JsonNode euros = refusedWithoutWrite(400, "body-too-large", () -> createDraft("{\"letterType\": "
                + "\"COURRIER_LIBRE\", \"body\": \"<p>" + "€".repeat(199_990) + "</p>\"}"));
        assertTrue(euros.path("detail").asText().contains("200 Ko au plus"), euros.toString());
        refusedWithoutWrite(400, "text-too-long", () -> createDraft("""
                {"letterType": "COURRIER_LIBRE", "recipients": {"contacts": [{"email": "a@entreprise.example",
                 "name": "%s"}]}}""".formatted("N".repeat(201))));
        refusedWithoutWrite(400, "text-too-long", () -> agent.http().put("/consultations/" + consultation,
                "{\"organismId\": \"departement-13\", \"reference\": \"R1\", \"title\": \"" + "T".repeat(501) + "\"}", AgentApi.PLATFORM));
    }

    @Test
    void recipient_forms_that_do_not_decode_and_actions_refused_after_the_reply_get_a_french_page() {
        String company = Mail.address("formulaire");
        String link = accessLink(company);
        RecipientBrowser browser = new RecipientBrowser(system.api());
        Element open = browser.get(link).html().selectFirst("form[method=post]");
        pageRefusedWithoutWrite(400, "Le formulaire envoyé est illisible", () -> system.api().call("POST",
                open.attr("action"), "csrf=%zz", Map.of("content-type", "application/x-www-form-urlencoded"), null));
        RecipientBrowser.Page content = browser.follow(browser.submit(open, Map.of()));
        Element reply = content.html().selectFirst("form:has(textarea[name=body])");
        browser.submit(reply, Map.of("body", "Notre réponse."));
        String removal = link + "/reply-files/" + "f".repeat(36) + "/delete";
        RecipientBrowser.Page refused = browser.submit(new Element("form").attr("action", removal)
                .appendChild(reply.selectFirst("input[name=csrf]").clone()), Map.of());
        assertEquals(409, refused.status());
        assertTrue(refused.text().contains("La réponse est envoyée"), refused.text());
    }

    /** Every route of the template, with each bad input in each of its places: never a 5xx, never a write. */
    @Test
    void no_route_answers_a_server_error_for_any_bad_input() {
        String company = Mail.address("balayage");
        String link = accessLink(company);
        String token = link.substring("/r/".length());
        String draft = agent.createDraft(consultation, "{\"letterType\": \"COURRIER_LIBRE\"}").path("id").asText();
        String deliveryId = agent.letter(letterOf(company)).path("deliveries").get(0).path("id").asText();
        Map<String, String> good = Map.of("consultationId", consultation, "letterId", draft,
                "attachmentId", "f".repeat(36), "deliveryId", deliveryId, "fileId", "f".repeat(36), "token", token);
        List<String> badIds = List.of(OVER_KEY_LIMIT, "a#b", "%C3%A9t%C3%A9", "..", "x".repeat(129));
        List<String> badBodies = List.of(DEEP_JSON, "{\"subject\": 123}", "{\"size\": 2.5}",
                "{\"favorite\": \"true\"}", "{\"favorite\": null}", "{}", "[]", "null", "\"texte\"", "{",
                "{\"recipients\": {\"contacts\": [null]}}", "{\"bidDeadline\": \"" + FAR_DATE + "\"}",
                "{\"replyOptions\": {\"allowed\": true, \"deadline\": \"" + FAR_DATE + "\"}}",
                "{\"body\": \"" + "<ul><li>".repeat(1_200) + "\"}", "{\"email\": [\"a@b.fr\"]}",
                "{\"documentKey\": \"consultations/" + consultation + "/documents/" + OVER_KEY_LIMIT + "\"}",
                "{\"pieces\": [{\"documentKey\": \"consultations/departement-13/" + consultation + "/documents/"
                        + OVER_KEY_LIMIT + "\", \"change\": \"ADDED\"}]}",
                "{\"pieces\": {}}", "{\"pieces\": [null]}", "{\"pieces\": [{\"documentKey\": 1, \"change\": true}]}",
                "csrf=%zz&body=%", "x".repeat(1_100_000));
        String overflow = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("9223372036854775807000000000#abc".getBytes(StandardCharsets.UTF_8));
        List<String> badQueries = List.of("cursor=" + overflow, "from=%2B999999999-12-31", "to=-999999999-01-01",
                "limit=99999999999999999999", "q=" + "mot+".repeat(50), "status=" + "X,".repeat(100),
                "courrier=" + OVER_KEY_LIMIT, "key=deliveries/" + OVER_KEY_LIMIT, "info=" + OVER_KEY_LIMIT,
                "favorite=peut-etre", "recipient=" + OVER_KEY_LIMIT);
        String sent = letterOf(company);
        // A read of the list stores its counts once (then every 10 minutes): done before taking the table's picture.
        AgentApi.expect(200, agent.http().get("/consultations/" + consultation + "/deliveries", AgentApi.ALICE));
        Map<String, String> before = tableContent();
        List<String> serverErrors = new ArrayList<>();
        int calls = 0;
        for (HttpRoute route : system.template().httpRoutes()) {
            Map<String, String> claims = route.isProtected() ? AgentApi.ALICE : null;
            List<String> names = parameters(route.path());
            for (String name : names) {
                for (String bad : badIds) {
                    Map<String, String> values = new LinkedHashMap<>(good);
                    values.put(name, bad);
                    calls++;
                    check(serverErrors, route, path(route.path(), values), null, claims);
                }
            }
            Map<String, String> target = new LinkedHashMap<>(good);
            if (route.routeKey().equals("PUT /letters/{letterId}")) {
                // A draft would take a valid but empty change ({}, unknown fields): a sent letter refuses any.
                target.put("letterId", sent);
            }
            String path = path(route.path(), target);
            boolean writesOnGoodInput = route.method().equals("POST") && (path.endsWith("/send")
                    || path.endsWith("/reply-read") || path.endsWith("/complete") || path.endsWith("/open")
                    || path.endsWith("/delete") || path.endsWith("/reply") || path.endsWith("/revoke-link"));
            if (!route.method().equals("GET") && !route.method().equals("DELETE") && !writesOnGoodInput) {
                for (String body : badBodies) {
                    calls++;
                    check(serverErrors, route, path, body, claims);
                }
            }
            if (route.method().equals("GET")) {
                for (String query : badQueries) {
                    calls++;
                    check(serverErrors, route, path + "?" + query, null, claims);
                }
            }
        }
        for (String form : List.of("csrf=%zz", "body=%E9%", "csrf=" + "a".repeat(1_100_000))) {
            for (String action : List.of("/open", "/reply", "/reply-files/" + "f".repeat(36) + "/delete")) {
                calls++;
                APIGatewayV2HTTPResponse response = system.api().call("POST", link + action, form,
                        Map.of("content-type", "application/x-www-form-urlencoded"), null);
                if (response.getStatusCode() >= 500) {
                    serverErrors.add("POST " + action + " with " + form.substring(0, Math.min(30, form.length())));
                }
            }
        }
        assertEquals(List.of(), serverErrors, "server errors in " + calls + " bad requests");
        assertEquals(List.of(), written(before, tableContent()), "nothing written by " + calls + " bad requests");
    }

    /**
     * The items a sweep changed, less what reads write by design: the proof's rate counters and the upload form
     * that every view of a content page issues (a pending record with a TTL).
     */
    private static List<String> written(Map<String, String> before, Map<String, String> after) {
        java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        return keys.stream()
                .filter(key -> !java.util.Objects.equals(before.get(key), after.get(key)))
                .filter(key -> !key.contains("|RATE#proof#"))
                .filter(key -> !(before.get(key) == null && key.contains("|FILE#")
                        && after.get(key).contains("state=AttributeValue(S=PENDING)")
                        && after.get(key).contains("reply-uploads/")))
                .toList();
    }

    private void check(List<String> serverErrors, HttpRoute route, String path, String body,
                       Map<String, String> claims) {
        APIGatewayV2HTTPResponse response = system.api().call(route.method(), path, body,
                body == null ? Map.of() : Map.of("content-type", body.startsWith("csrf")
                        ? "application/x-www-form-urlencoded" : "application/json"), claims);
        if (response.getStatusCode() >= 500) {
            serverErrors.add(route.routeKey() + " " + path.substring(0, Math.min(120, path.length()))
                    + (body == null ? "" : " with " + body.substring(0, Math.min(60, body.length()))) + " → "
                    + response.getStatusCode());
        }
    }

    private static List<String> parameters(String template) {
        List<String> names = new ArrayList<>();
        for (String segment : template.split("/")) {
            if (segment.startsWith("{")) {
                names.add(segment.substring(1, segment.length() - 1));
            }
        }
        return names;
    }

    private static String path(String template, Map<String, String> values) {
        String path = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        return path;
    }

    private final Map<String, String> lettersByAddress = new HashMap<>();

    /** A letter with the access link sent to {@code address}, its email drained; the path of its link. */
    private String accessLink(String address) {
        String letterId = agent.createDraft(consultation, """
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "2030-01-31T17:00:00+01:00"},
                 "recipients": {"addresses": "%s"}}""".formatted(address)).path("id").asText();
        agent.send(letterId);
        system.sqs().drain("SendFunction");
        lettersByAddress.put(address, letterId);
        return Mail.accessLink(Mail.ofLetter(system, agent.letter(letterId)).get(0));
    }

    private String letterOf(String address) {
        return lettersByAddress.get(address);
    }

    private String sentDelivery(String address) {
        accessLink(address);
        return agent.letter(letterOf(address)).path("deliveries").get(0).path("id").asText();
    }

    /** A refusal of the recipient pages: a French HTML page with a 4xx, and nothing written. */
    private void pageRefusedWithoutWrite(int status, String text, Supplier<APIGatewayV2HTTPResponse> request) {
        Map<String, String> before = tableContent();
        APIGatewayV2HTTPResponse response = request.get();
        assertEquals(status, response.getStatusCode(), response::getBody);
        assertTrue(response.getHeaders().get("Content-Type").startsWith("text/html"), response.getHeaders()::toString);
        assertTrue(response.getBody().contains("lang=\"fr\"") && response.getBody().contains(text),
                response::getBody);
        assertEquals(before, tableContent(), "nothing written by a refused request");
    }

    private APIGatewayV2HTTPResponse createDraft(String json) {
        return agent.http().post("/consultations/" + consultation + "/letters", json, AgentApi.ALICE);
    }

    private JsonNode refusedWithoutWrite(int status, String code, Supplier<APIGatewayV2HTTPResponse> request) {
        Map<String, String> before = tableContent();
        JsonNode problem = AgentApi.expectProblem(status, code, request.get());
        assertEquals(before, tableContent(), "nothing written by a refused request");
        return problem;
    }

    /** Every item of the table, by key (a test-only scan). */
    private Map<String, String> tableContent() {
        Map<String, String> items = new HashMap<>();
        system.dynamoDb().scanPaginator(r -> r.tableName(system.resources().tableName("MessagerieTable")))
                .items().forEach(item -> items.put(item.get("PK").s() + "|" + item.get("SK").s(), item.toString()));
        return items;
    }
}
