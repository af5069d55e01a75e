package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.common.Hashes;
import fr.messagerie.files.FileKeys;
import fr.messagerie.sam.HttpRoute;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-site forms, revoked links, nothing of a letter before it is opened, and the company's history across letters
 * of one consultation.
 */
@ExtendWith(LocalAwsExtension.class)
class RecipientSafetyTest {
    private final LocalSystem system;
    private final AgentApi agent;

    RecipientSafetyTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void a_form_posted_from_another_site_or_without_its_cookie_records_nothing() {
        String company = Mail.address("csrf");
        String letterId = send(agent.newConsultation(), "COURRIER_LIBRE", company);
        String link = link(letterId, company);
        RecipientBrowser victim = new RecipientBrowser(system.api());
        Element open = victim.get(link).html().selectFirst("form[method=post]");

        RecipientBrowser attacker = new RecipientBrowser(system.api());
        RecipientBrowser.Page forged = attacker.submit(open, Map.of());
        assertEquals(403, forged.status(), "another browser has not the cookie");
        var crossSite = system.api().call("POST", open.attr("action"), "csrf=" + open.selectFirst("input[name=csrf]")
                .attr("value"), Map.of("content-type", "application/x-www-form-urlencoded",
                "origin", "https://malveillant.example"), null);
        assertEquals(403, crossSite.getStatusCode(), "a cross-site origin is refused");
        assertEquals("En cours d'envoi", status(letterId));

        assertEquals(303, victim.submit(open, Map.of()).status());
        assertEquals("Lu par le destinataire", status(letterId));
    }

    @Test
    void an_expired_link_gets_the_invalid_link_page() {
        String company = Mail.address("expire");
        String letterId = send(agent.newConsultation(), "COURRIER_LIBRE", company);
        String link = link(letterId, company);
        RecipientBrowser browser = new RecipientBrowser(system.api());
        assertEquals(200, browser.get(link).status());
        String deliveryId = agent.letter(letterId).path("deliveries").get(0).path("id").asText();
        // The link as stored with its delivery, its validity over since yesterday.
        system.dynamoDb().updateItem(r -> r.tableName(system.resources().tableName("MessagerieTable"))
                .key(Map.of("PK", AttributeValue.fromS("DLV#" + deliveryId), "SK", AttributeValue.fromS("A")))
                .updateExpression("SET links = :links")
                .expressionAttributeValues(Map.of(":links", AttributeValue.fromSs(List.of(
                        Hashes.sha256(link.substring(3)) + "|" + Instant.now().minus(Duration.ofDays(1)) + "|"
                                + Instant.now().minus(Duration.ofDays(1100)))))));
        RecipientBrowser.Page expired = browser.get(link);
        assertEquals(404, expired.status());
        assertTrue(expired.text().contains("Lien invalide ou expiré"));
    }

    @Test
    void a_link_sent_before_links_were_stored_with_their_delivery_still_opens_its_letter() {
        String company = Mail.address("ancien.lien");
        String letterId = send(agent.newConsultation(), "COURRIER_LIBRE", company);
        String deliveryId = agent.letter(letterId).path("deliveries").get(0).path("id").asText();
        String old = "ancienLien" + "x".repeat(33);
        // As the send function stored a link then: its token's hash in an item of its own.
        system.dynamoDb().putItem(r -> r.tableName(system.resources().tableName("MessagerieTable")).item(Map.of(
                "PK", AttributeValue.fromS("TOKEN#" + Hashes.sha256(old)), "SK", AttributeValue.fromS("A"),
                "deliveryId", AttributeValue.fromS(deliveryId),
                "createdAt", AttributeValue.fromS(Instant.now().toString()),
                "validUntil", AttributeValue.fromN(Long.toString(Instant.now().plus(Duration.ofDays(30)).toEpochMilli())))));
        RecipientBrowser browser = new RecipientBrowser(system.api());

        RecipientBrowser.Page landing = browser.get("/r/" + old);
        assertEquals(200, landing.status());
        assertEquals(303, browser.submit(landing.html().selectFirst("form[method=post]"), Map.of()).status());
        assertEquals("Lu par le destinataire", status(letterId));
    }

    @Test
    void an_agent_disables_the_link_and_every_page_of_it_says_invalid() throws Exception {
        String consultation = agent.newConsultation();
        String company = Mail.address("desactive");
        String letterId = agent.createDraft(consultation, """
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "2030-01-31T17:00:00+01:00"},
                 "recipients": {"addresses": "%s"}}""".formatted(company)).path("id").asText();
        agent.attach(letterId, "Cadre de réponse.pdf", "Cadre".getBytes(StandardCharsets.UTF_8));
        agent.send(letterId);
        system.sqs().drain("SendFunction");
        String other = send(consultation, "COURRIER_LIBRE", company);
        String link = link(letterId, company);
        String deliveryId = agent.letter(letterId).path("deliveries").get(0).path("id").asText();

        RecipientBrowser browser = new RecipientBrowser(system.api());
        Element open = browser.get(link).html().selectFirst("form[method=post]");
        RecipientBrowser.Page content = browser.follow(browser.submit(open, Map.of()));
        String download = content.html().selectFirst("a:contains(Cadre de réponse.pdf)").attr("href");
        String uploaded = browser.upload(content.html().selectFirst("form[enctype=multipart/form-data]"),
                "Offre.pdf", "Offre".getBytes(StandardCharsets.UTF_8)).headers().firstValue("Location").orElseThrow();
        RecipientBrowser.Page withFile = browser.follow(browser.get(uploaded));
        Element remove = withFile.html().selectFirst("form[action*=/reply-files/]");
        Element reply = withFile.html().selectFirst("form:has(textarea[name=body])");
        assertEquals("Lu par le destinataire", status(letterId));

        JsonNode thread = AgentApi.expect(200, system.api().post("/deliveries/" + deliveryId + "/revoke-link", null,
                AgentApi.ALICE));
        assertEquals("Lu par le destinataire", thread.path("statusLabel").asText(), "the status does not change");
        AgentApi.expect(200, system.api().post("/deliveries/" + deliveryId + "/revoke-link", null, AgentApi.ALICE));
        thread = AgentApi.expect(200, system.api().get("/deliveries/" + deliveryId, AgentApi.ALICE));
        List<JsonNode> revocations = new ArrayList<>();
        thread.path("events").forEach(e -> {
            if (e.path("type").asText().equals("LINK_REVOKED")) {
                revocations.add(e);
            }
        });
        assertEquals(1, revocations.size(), "recorded once: " + thread);
        assertEquals("Lien d'accès désactivé", revocations.get(0).path("label").asText());
        assertEquals("Alice MARTIN", revocations.get(0).path("actor").asText());
        assertFalse(thread.path("actions").toString().contains("revoke-link"), thread.path("actions").toString());
        assertEquals("Lu par le destinataire", status(letterId));

        Map<String, RecipientBrowser.Page> pages = new LinkedHashMap<>();
        pages.put("GET /r/{token}", browser.get(link));
        pages.put("POST /r/{token}/open", browser.submit(open, Map.of()));
        pages.put("GET /r/{token}/history", browser.get(link + "/history"));
        pages.put("GET /r/{token}/files/{fileId}", browser.get(download));
        pages.put("GET /r/{token}/reply-files/uploaded", browser.get(uploaded));
        pages.put("POST /r/{token}/reply-files/{fileId}/delete", browser.submit(remove, Map.of()));
        pages.put("POST /r/{token}/reply", browser.submit(reply, Map.of("body", "Notre réponse")));
        pages.put("GET /r/{token}/proof", browser.get(link + "/proof"));
        Set<String> recipientRoutes = system.template().httpRoutes().stream().filter(r -> !r.isProtected())
                .map(HttpRoute::routeKey).filter(r -> r.contains("/r/{token}")).collect(Collectors.toSet());
        assertEquals(recipientRoutes, pages.keySet(), "every page of the link is tried");
        pages.forEach((route, page) -> {
            assertEquals(404, page.status(), route);
            assertTrue(page.text().contains("Lien invalide ou expiré"), route + ": " + page.text());
        });
        assertEquals("Lu par le destinataire", status(letterId), "no reply got through");

        String otherLink = link(other, company);
        RecipientBrowser.Page history = browser.get(otherLink + "/history");
        assertEquals(200, history.status(), "the company's other letters still open");
        assertTrue(history.text().contains("Lien d'accès désactivé le"), history.text());
        assertTrue(history.html().select("a").stream().noneMatch(a -> a.attr("href").contains(deliveryId)),
                "no way to the disabled letter from the history");
        assertEquals(404, browser.get(otherLink + "?courrier=" + deliveryId).status(), "nor through another link");

        JsonNode proof = AgentApi.expect(200, system.api().get("/deliveries/" + deliveryId + "/proof", AgentApi.ALICE));
        String text;
        try (PDDocument pdf = Loader.loadPDF(browser.download(proof.path("url").asText()))) {
            text = new PDFTextStripper().getText(pdf);
        }
        assertTrue(text.contains("Lien d'accès désactivé") && text.contains("Alice MARTIN"), text);
    }

    @Test
    void only_the_agents_of_the_organism_disable_a_link_and_a_simple_email_has_none() {
        String company = Mail.address("pas-de-lien");
        String letterId = send(agent.newConsultation(), "COURRIER_LIBRE", company);
        String deliveryId = agent.letter(letterId).path("deliveries").get(0).path("id").asText();
        int refused = system.api().post("/deliveries/" + deliveryId + "/revoke-link", null, AgentApi.BRUNO)
                .getStatusCode();
        assertTrue(refused == 403 || refused == 404, "another organism is refused: " + refused);
        assertEquals(200, new RecipientBrowser(system.api()).get(link(letterId, company)).status(),
                "the link still opens");

        String simple = agent.createDraft(agent.newConsultation(), "{\"letterType\": \"COURRIER_LIBRE\", "
                + "\"sendMode\": \"SIMPLE\", \"recipients\": {\"addresses\": \"" + company + "\"}}")
                .path("id").asText();
        agent.send(simple);
        String simpleDelivery = agent.letter(simple).path("deliveries").get(0).path("id").asText();
        AgentApi.expectProblem(409, "no-access-link", system.api().post("/deliveries/" + simpleDelivery
                + "/revoke-link", null, AgentApi.ALICE));
    }

    @Test
    void nothing_of_a_letter_reaches_the_company_before_it_is_opened() throws Exception {
        String company = Mail.address("avant-ouverture");
        String letterId = agent.createDraft(agent.newConsultation(), """
                {"letterType": "COURRIER_LIBRE", "body": "<p>Compléments QWZX-8812 demandés.</p>",
                 "recipients": {"addresses": "%s"}}""".formatted(company)).path("id").asText();
        String fileId = agent.attach(letterId, "Pièce QWZX.pdf", "Pièce".getBytes(StandardCharsets.UTF_8))
                .path("id").asText();
        agent.send(letterId);
        system.sqs().drain("SendFunction");
        String link = link(letterId, company);
        String deliveryId = agent.letter(letterId).path("deliveries").get(0).path("id").asText();
        RecipientBrowser browser = new RecipientBrowser(system.api());

        RecipientBrowser.Page landing = browser.get(link);
        assertFalse(landing.html().html().contains("QWZX"), "neither body nor file names on the landing page");
        RecipientBrowser.Page history = browser.get(link + "/history");
        assertEquals(200, history.status());
        assertFalse(history.html().html().contains("QWZX"), "no excerpt in the history: " + history.text());
        RecipientBrowser.Page file = browser.get(link + "/files/" + fileId + "?courrier=" + deliveryId);
        assertEquals(409, file.status(), "no download");
        assertTrue(file.text().contains("Accédez d'abord au contenu du courrier"), file.text());
        RecipientBrowser.Page proof = browser.get(link + "/proof");
        assertEquals(409, proof.status(), "no proof: it reproduces the letter");
        assertEquals(null, proof.location());
        assertTrue(proof.header("Content-Type").startsWith("text/html"));
        assertTrue(proof.text().contains("Accédez d'abord au contenu du courrier"), proof.text());
        assertNotNull(proof.html().selectFirst("a[href^=/r/]"), "a link back to the letter, to open it");
        assertEquals(0, system.s3().listObjectsV2(r -> r.bucket(system.resources().bucketName("FilesBucket"))
                .prefix(FileKeys.proofs(deliveryId))).keyCount(), "no proof rendered");
        assertEquals("En cours d'envoi", status(letterId), "and nothing recorded");

        browser.submit(landing.html().selectFirst("form[method=post]"), Map.of());
        RecipientBrowser.Page opened = browser.get(link + "/proof");
        assertEquals(302, opened.status());
        try (PDDocument pdf = Loader.loadPDF(browser.download(opened.location()))) {
            assertTrue(new PDFTextStripper().getText(pdf).contains("QWZX-8812"));
        }
        assertEquals(302, browser.get(link + "/files/" + fileId + "?courrier=" + deliveryId).status());
    }

    @Test
    void a_bad_token_on_the_proof_route_gets_the_invalid_link_page_of_every_recipient_route() {
        RecipientBrowser browser = new RecipientBrowser(system.api());
        String token = "B".repeat(43);
        RecipientBrowser.Page page = browser.get("/r/" + token);
        RecipientBrowser.Page proof = browser.get("/r/" + token + "/proof");
        assertEquals(404, proof.status());
        assertTrue(proof.header("Content-Type").startsWith("text/html"), proof.header("Content-Type"));
        assertEquals(page.html().html(), proof.html().html(), "the same page");
        assertEquals(page.header("Content-Security-Policy"), proof.header("Content-Security-Policy"));
        assertEquals("fr", proof.html().selectFirst("html").attr("lang"));
        assertTrue(proof.text().contains("Lien invalide ou expiré"));
    }

    @Test
    void the_history_lists_the_companys_letters_on_the_consultation_and_opens_each() {
        String consultation = agent.newConsultation();
        String company = Mail.address("historique");
        String first = send(consultation, "DEMANDE_COMPLEMENT", company);
        String second = send(consultation, "ATTRIBUTION", company);
        send(consultation, "REJET", Mail.address("concurrent"));
        String firstLink = link(first, company);
        RecipientBrowser browser = new RecipientBrowser(system.api());
        browser.submit(browser.get(firstLink).html().selectFirst("form[method=post]"), Map.of());

        RecipientBrowser.Page history = browser.get(firstLink + "/history");
        assertEquals(200, history.status());
        assertTrue(history.text().contains("Nombre de résultats : 2"), history.text());
        assertTrue(history.text().contains("Courrier d'attribution"));
        assertTrue(history.text().contains("En attente de lecture"));
        assertTrue(history.text().contains("Lu le"));
        assertFalse(history.text().contains("Courrier de rejet"), "another company's letter is not listed");

        Element toSecond = history.html().select("a").stream()
                .filter(a -> a.text().contains("Courrier d'attribution")).findFirst().orElse(null);
        assertNotNull(toSecond, history.html().html());
        RecipientBrowser.Page landing = browser.get(toSecond.attr("href"));
        assertEquals(200, landing.status());
        assertEquals("En cours d'envoi", status(second), "the landing page records nothing");
        browser.submit(landing.html().selectFirst("form[method=post]"), Map.of());
        assertEquals("Lu par le destinataire", status(second), "opened through the history, receipt recorded");

        String other = agent.letter(send(agent.newConsultation(), "COURRIER_LIBRE", company)).path("deliveries").get(0)
                .path("id").asText();
        assertEquals(404, browser.get(firstLink + "?courrier=" + other).status(),
                "the link does not reach the company's letters on another consultation");
    }

    private String send(String consultation, String type, String address) {
        String letterId = agent.createDraft(consultation, "{\"letterType\": \"" + type
                + "\", \"recipients\": {\"addresses\": \"" + address + "\"}}").path("id").asText();
        agent.send(letterId);
        system.sqs().drain("SendFunction");
        return letterId;
    }

    private String link(String letterId, String address) {
        return Mail.accessLink(Mail.ofLetter(system, agent.letter(letterId)).stream()
                .filter(m -> m.to().contains(address)).findFirst().orElseThrow());
    }

    private String status(String letterId) {
        return agent.letter(letterId).path("deliveries").get(0).path("statusLabel").asText();
    }
}
