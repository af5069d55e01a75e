package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.sam.HttpApiInvoker;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.SentEmail;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sent letter keeps the consultation block as it was sent: the platform may edit the consultation and the
 * register rename the organism afterwards, the emails (even those dispatched or resent later), the company's pages
 * and the proof still show what was sent.
 */
@ExtendWith(LocalAwsExtension.class)
class ConsultationAsSentTest {
    private static final String AS_SENT = "Renouvellement des canalisations";
    private static final String EDITED = "Intitulé modifié après l'envoi";

    private final LocalSystem system;
    private final HttpApiInvoker api;

    ConsultationAsSentTest(LocalSystem system) {
        this.system = system;
        this.api = system.api();
    }

    @Test
    void emails_pages_and_proof_show_the_consultation_as_sent() throws Exception {
        String organismId = "org-" + UUID.randomUUID().toString().substring(0, 8);
        organism(organismId, "Syndicat des eaux du Littoral");
        Map<String, String> author = Map.of("sub", "agent-" + organismId, "name", "Agent des eaux",
                "custom:organism", organismId);
        String consultationId = "EAU-1";
        push(consultationId, organismId, "Renouvellement des canalisations", "2030-07-31T17:30:00+02:00");
        String company = Mail.address("canalisations");
        String bounce = "bounce+" + UUID.randomUUID().toString().substring(0, 8) + "@simulator.amazonses.com";
        String letterId = AgentApi.expect(201, api.post("/consultations/" + consultationId + "/letters", """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s; %s"}}""".formatted(company, bounce),
                author)).path("id").asText();
        AgentApi.expect(202, api.post("/letters/" + letterId + "/send", null, author));

        // Edited before the dispatches even run.
        push(consultationId, organismId, EDITED, "2031-01-15T12:00:00+01:00");
        organism(organismId, "Nouveau nom du syndicat");
        system.sqs().drain("SendFunction");

        JsonNode letter = AgentApi.expect(200, api.get("/letters/" + letterId, author));
        SentEmail mail = mail(letter, company, "1");
        assertAsSent(mail.text());
        assertAsSent(mail.html());

        RecipientBrowser browser = new RecipientBrowser(api);
        RecipientBrowser.Page landing = browser.get(Mail.accessLink(mail));
        assertAsSent(landing.text());
        RecipientBrowser.Page content = browser.follow(browser.submit(landing.html()
                .selectFirst("form[method=post]"), Map.of()));
        assertAsSent(content.text());
        assertAsSent(browser.get(Mail.accessLink(mail) + "/history").text());

        String deliveryId = Mail.deliveryTo(letter, company).path("id").asText();
        JsonNode proof = AgentApi.expect(200, api.get("/deliveries/" + deliveryId + "/proof", author));
        assertAsSent(pdfText(browser.download(proof.path("url").asText())));

        // A resend after a bounce, long after the edit, still carries the letter as sent.
        SentEmail bounced = mail(letter, bounce, "1");
        system.sesEvents().simulate(bounced);
        system.sqs().drain("SesEventsFunction");
        String bouncedId = Mail.deliveryTo(letter, bounce).path("id").asText();
        AgentApi.expect(202, api.post("/deliveries/" + bouncedId + "/resend", null, author));
        system.sqs().drain("SendFunction");
        assertAsSent(mail(AgentApi.expect(200, api.get("/letters/" + letterId, author)), bounce, "2").text());

        // The consultation itself did change, and a letter sent now shows it.
        JsonNode consultation = AgentApi.expect(200, api.get("/consultations/" + consultationId, author));
        assertEquals(EDITED, consultation.path("title").asText());
        assertEquals("Nouveau nom du syndicat", consultation.path("organismName").asText());
        String later = AgentApi.expect(201, api.post("/consultations/" + consultationId + "/letters", """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}""".formatted(company), author))
                .path("id").asText();
        AgentApi.expect(202, api.post("/letters/" + later + "/send", null, author));
        system.sqs().drain("SendFunction");
        String laterText = mail(AgentApi.expect(200, api.get("/letters/" + later, author)), company, "1").text();
        assertTrue(laterText.contains("EAU-1 | " + EDITED) && laterText.contains("15/01/2031 12:00")
                && laterText.contains("Nouveau nom du syndicat"), laterText);
    }

    private static void assertAsSent(String text) {
        String flat = text.replace("\n", " ");
        assertTrue(flat.contains(AS_SENT), flat);
        assertTrue(flat.contains("31/07/2030 17:30"), "the bid deadline as sent: " + flat);
        assertTrue(flat.contains("Syndicat des eaux du Littoral"), "the organism's name as sent: " + flat);
        assertFalse(flat.contains(EDITED) || flat.contains("15/01/2031") || flat.contains("Nouveau nom"), flat);
    }

    private void push(String id, String organismId, String title, String bidDeadline) {
        AgentApi.expect(200, api.put("/consultations/" + id, """
                {"organismId": "%s", "reference": "EAU-1", "title": "%s", "object": "Travaux sur le réseau",
                 "bidDeadline": "%s"}""".formatted(organismId, title, bidDeadline), AgentApi.PLATFORM));
    }

    private void organism(String id, String name) {
        AgentApi.expect(200, api.put("/organisms/" + id, "{\"name\": \"" + name + "\"}", AgentApi.PLATFORM));
    }

    private SentEmail mail(JsonNode letter, String address, String attempt) {
        List<SentEmail> mails = Mail.ofLetter(system, letter).stream()
                .filter(m -> m.recipients().contains(address) && m.tag("attempt").orElse("").equals(attempt))
                .toList();
        assertEquals(1, mails.size(), () -> "one email to " + address + " for attempt " + attempt);
        return mails.get(0);
    }

    private static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
