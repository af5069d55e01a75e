package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.aws.DynamoDeliveryLog;
import fr.messagerie.common.Hashes;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.files.Attachment;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.SentEmail;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The company's side, from the email to the reply, through the real handlers, S3 and SES servers. */
@ExtendWith(LocalAwsExtension.class)
class RecipientJourneyTest {
    private final LocalSystem system;
    private final AgentApi agent;

    RecipientJourneyTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void a_company_reads_downloads_and_replies_before_the_deadline() throws Exception {
        String company = Mail.address("gregory.dupont");
        String letterId = agent.createDraft(agent.newConsultation(), """
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "2030-01-31T17:00:00+01:00"},
                 "recipients": {"addresses": "%s"}}""".formatted(company)).path("id").asText();
        byte[] file = "Compléments demandés : bordereau des prix\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
        JsonNode attached = agent.attach(letterId, "ADO-2207-2020 - Compléments - rev1.0.pdf", file);
        assertEquals("READY", attached.path("state").asText());
        assertEquals(Hashes.sha256(file), attached.path("sha256").asText());
        JsonNode sent = agent.send(letterId);
        system.sqs().drain("SendFunction");
        SentEmail mail = Mail.ofLetter(system, sent).get(0);
        assertTrue(mail.attachments().isEmpty(), "with the access link, files stay on the content page");
        DeliveryEvent sentEvent = events(sent).stream().filter(e -> e.type() == EventType.SENT).findFirst()
                .orElseThrow();
        assertTrue(sentEvent.files().stream().anyMatch(f -> f.sha256().equals(Hashes.sha256(file))),
                "the E event keeps the file's fingerprint");
        JsonNode threadSent = AgentApi.expect(200, agent.http().get("/deliveries/"
                + sent.path("deliveries").get(0).path("id").asText(), AgentApi.ALICE)).path("events").get(0);
        assertEquals("SENT", threadSent.path("type").asText());
        assertEquals(List.of("ADO-2207-2020 - Compléments - rev1.0.pdf", Integer.toString(file.length),
                        Hashes.sha256(file)),
                List.of(threadSent.path("files").get(0).path("fileName").asText(),
                        threadSent.path("files").get(0).path("size").asText(),
                        threadSent.path("files").get(0).path("sha256").asText()),
                "the thread shows the E event's files as a list of fingerprints");

        String link = Mail.accessLink(mail);
        RecipientBrowser browser = new RecipientBrowser(system.api());

        // A mail scanner fetching the link records nothing.
        RecipientBrowser.Page landing = browser.get(link);
        assertEquals(200, landing.status());
        assertTrue(landing.text().contains("Accéder au contenu du courrier"));
        assertFalse(landing.text().contains("bordereau des prix"), "no content before the explicit action");
        assertSecurityHeaders(landing);
        browser.get(link);
        assertEquals("En cours d'envoi", status(letterId));
        assertTrue(events(sent).stream().noneMatch(e -> e.type() == EventType.READ));

        Element openForm = landing.html().selectFirst("form[method=post]");
        RecipientBrowser.Page opened = browser.submit(openForm, Map.of());
        assertEquals(303, opened.status());
        assertEquals(303, browser.submit(openForm, Map.of()).status(), "opening twice is harmless");
        assertEquals("Lu par le destinataire", status(letterId));
        assertEquals(1, events(sent).stream().filter(e -> e.type() == EventType.READ).count(), "one read receipt");

        RecipientBrowser.Page content = browser.follow(opened);
        assertTrue(content.text().contains("Après analyse"), content.text());
        assertTrue(content.text().contains("Courrier lu par le destinataire"));
        assertTrue(content.text().contains("Une réponse de votre part est attendue avant le 31/01/2030 - 17:00."));
        Element download = content.html().selectFirst("a:contains(ADO-2207-2020 - Compléments - rev1.0.pdf)");
        assertNotNull(download, content.html().html());
        RecipientBrowser.Page redirect = browser.get(download.attr("href"));
        assertEquals(302, redirect.status());
        assertArrayEquals(file, browser.download(redirect.location()), "the bytes the agent attached");

        Element uploadForm = content.html().selectFirst("form[enctype=multipart/form-data]");
        byte[] replyFile = "Offre complétée".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> uploaded = browser.upload(uploadForm, "Compléments - rev2.0.pdf", replyFile);
        assertEquals(303, uploaded.statusCode(), uploaded.body());
        RecipientBrowser.Page back = browser.get(uploaded.headers().firstValue("Location").orElseThrow());
        assertEquals(303, back.status(), back.text());
        RecipientBrowser.Page withFile = browser.follow(back);
        assertTrue(withFile.text().contains("Le fichier a été joint à votre réponse."), withFile.text());
        assertTrue(withFile.text().contains("Compléments - rev2.0.pdf"));

        Element replyForm = withFile.html().selectFirst("form:has(textarea[name=body])");
        RecipientBrowser.Page replied = browser.submit(replyForm, Map.of("body",
                "Bonjour,\n\nVous trouverez les éléments demandés <script>alert('xss')</script> ci-joints.\n"
                        + "Bien cordialement,\nGregory DUPONT"));
        assertEquals(303, replied.status(), replied.text());
        RecipientBrowser.Page after = browser.follow(replied);
        assertTrue(after.text().contains("Réponse envoyée le"), after.text());
        assertTrue(after.text().contains("Réponse envoyée avant la date limite (31/01/2030 - 17:00)"));
        assertTrue(after.text().contains("<script>alert('xss')</script>"), "typed text is shown as text");
        assertTrue(after.html().select("script").isEmpty(), "and never runs");
        assertEquals("Réponse non lue", status(letterId));
        DeliveryEvent reply = events(sent).stream().filter(e -> e.type() == EventType.REPLIED).findFirst()
                .orElseThrow();
        assertTrue(reply.files().stream().anyMatch(f -> f.sha256().equals(Hashes.sha256(replyFile))));
        assertNotNull(reply.detail(DeliveryEvent.BODY_SHA256));

        RecipientBrowser.Page second = browser.submit(replyForm, Map.of("body", "Une seconde réponse"));
        assertEquals(409, second.status());
        assertTrue(second.text().contains("Une réponse a déjà été envoyée pour ce courrier."));

        RecipientBrowser.Page history = browser.get(link + "/history");
        assertTrue(history.text().contains("Répondu le"), history.text());
    }

    @Test
    void a_simple_email_carries_its_attachments() throws Exception {
        String company = Mail.address("simple");
        String letterId = agent.createDraft(agent.newConsultation(), """
                {"letterType": "COURRIER_LIBRE", "sendMode": "SIMPLE", "recipients": {"addresses": "%s"}}"""
                .formatted(company)).path("id").asText();
        byte[] first = "Règlement de la consultation".getBytes(StandardCharsets.UTF_8);
        byte[] second = new byte[300_000];
        new java.util.Random(7).nextBytes(second);
        agent.attach(letterId, "Règlement_consultation - rev2.0.pdf", first);
        agent.attach(letterId, "Bordereau des prix Modele.xls", second);
        JsonNode sent = agent.send(letterId);
        system.sqs().drain("SendFunction");
        SentEmail mail = Mail.ofLetter(system, sent).get(0);
        assertEquals(2, mail.attachments().size());
        SentEmail.Attachment règlement = mail.attachments().stream()
                .filter(a -> a.filename().equals("Règlement_consultation - rev2.0.pdf")).findFirst().orElseThrow();
        assertArrayEquals(first, règlement.content());
        SentEmail.Attachment bordereau = mail.attachments().stream()
                .filter(a -> a.filename().equals("Bordereau des prix Modele.xls")).findFirst().orElseThrow();
        assertArrayEquals(second, bordereau.content());
        // SES's default, 7BIT, does not suit binary files: the request asks for BASE64 (the SES server ignores it).
        mail.attachments().forEach(a -> assertEquals("BASE64", a.transferEncoding(), a.filename()));
    }

    @Test
    void forged_truncated_and_random_tokens_get_the_same_invalid_link_page() throws Exception {
        String company = Mail.address("jeton");
        JsonNode sent = agent.send(agent.createDraft(agent.newConsultation(), """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}""".formatted(company))
                .path("id").asText());
        system.sqs().drain("SendFunction");
        String token = Mail.accessLink(Mail.ofLetter(system, sent).get(0)).substring(3);
        RecipientBrowser browser = new RecipientBrowser(system.api());
        String reference = null;
        for (String forged : List.of(token.substring(0, token.length() - 1), token.substring(0, 20),
                token.substring(1) + "A", "A".repeat(43), "x", "%3Cscript%3E", token + token)) {
            RecipientBrowser.Page page = browser.get("/r/" + forged);
            assertEquals(404, page.status(), forged);
            assertTrue(page.text().contains("Lien invalide ou expiré"));
            if (forged.length() > 8) {
                assertFalse(page.html().html().contains(forged), "no echo of the token");
            }
            String withoutToken = page.html().body().text();
            if (reference == null) {
                reference = withoutToken;
            }
            assertEquals(reference, withoutToken, "the same page whatever the token");
        }
        assertEquals(200, browser.get("/r/" + token).status());
    }

    private static void assertSecurityHeaders(RecipientBrowser.Page page) {
        assertTrue(page.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertTrue(page.header("Content-Security-Policy").contains("default-src 'none'"));
        assertEquals("same-origin", page.header("Referrer-Policy"));
        assertEquals("no-store", page.header("Cache-Control"));
        assertEquals("fr", page.html().selectFirst("html").attr("lang"));
        assertEquals(1, page.html().select("h1").size());
    }

    private String status(String letterId) {
        return agent.letter(letterId).path("deliveries").get(0).path("statusLabel").asText();
    }

    private List<DeliveryEvent> events(JsonNode letter) {
        return new DynamoDeliveryLog(system.dynamoDb(), system.resources().tableName("MessagerieTable"))
                .events(letter.path("deliveries").get(0).path("id").asText());
    }
}
