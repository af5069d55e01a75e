package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.aws.DynamoDeliveryStore;
import fr.messagerie.domain.DeliveryEvent;
import fr.messagerie.domain.Hashes;
import fr.messagerie.domain.ParisTime;
import fr.messagerie.infrastructure.LocalAwsExtension;
import fr.messagerie.infrastructure.LocalSystem;
import fr.messagerie.infrastructure.SentEmail;
import fr.messagerie.proof.ProofHandler;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PDF "Preuve des échanges" through the proof function, for the agent and for the company. */
@ExtendWith(LocalAwsExtension.class)
class ProofTest {
    private static final DateTimeFormatter PROOF_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH:mm:ss")
            .withZone(ParisTime.ZONE);

    private final LocalSystem system;
    private final AgentApi agent;

    ProofTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void the_proof_lists_every_event_the_consultation_and_every_fingerprint() throws Exception {
        Instant deadline = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        String company = Mail.address("preuve");
        String letterId = agent.createDraft(agent.newConsultation(), """
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "%s", "sealed": true},
                 "recipients": {"addresses": "%s"}}""".formatted(deadline, company)).path("id").asText();
        byte[] file = "Cadre de réponse – bordereau « prix » 12 €".getBytes(StandardCharsets.UTF_8);
        agent.attach(letterId, "Cadre de réponse.pdf", file);
        JsonNode letter = agent.send(letterId);
        system.sqs().drain("SendFunction");
        SentEmail mail = Mail.ofLetter(system, letter).get(0);
        system.sesEvents().simulate(mail);
        system.sqs().drain("SesEventsFunction");
        RecipientBrowser browser = new RecipientBrowser(system.api());
        RecipientBrowser.Page content = browser.follow(browser.submit(
                browser.get(Mail.accessLink(mail)).html().selectFirst("form[method=post]"), Map.of()));
        browser.submit(content.html().selectFirst("form:has(textarea[name=body])"),
                Map.of("body", "Notre offre révisée : 98 500 € HT."));
        String deliveryId = letter.path("deliveries").get(0).path("id").asText();

        String text = agentProof(deliveryId, system.api());
        assertTrue(text.contains("Preuve des échanges du"), text);
        assertTrue(text.contains("ADO-2207-2020") && text.contains("Achat de matériel informatique")
                && text.contains("Département des Bouches-du-Rhône"), text);
        List<DeliveryEvent> events = new DynamoDeliveryStore(system.dynamoDb(),
                system.resources().tableName("MessagerieTable")).events(deliveryId);
        assertEquals(4, events.size());
        for (DeliveryEvent event : events) {
            assertTrue(text.contains(PROOF_TIME.format(event.at())), "timestamp of " + event.type() + " in " + text);
        }
        for (String label : List.of("Envoi", "Reçu techniquement (Délivré)", "Accusé de réception (Lu)", "Réponse")) {
            assertTrue(text.contains(label), label);
        }
        assertTrue(text.replace("\n", "").contains(Hashes.sha256(file)), "the file's fingerprint");
        String letterBody = agent.letter(letterId).path("body").asText();
        assertTrue(text.replace("\n", "").contains(Hashes.sha256(letterBody)), "the body's fingerprint");
        assertFalse(text.contains("98 500"), "the sealed reply's content is absent before the deadline");
        assertTrue(text.contains("Le contenu de la réponse sera accessible après le " + ParisTime.deadline(deadline)));

        Clock after = Clock.fixed(deadline.plusSeconds(60), ZoneOffset.UTC);
        try (AutoCloseable ignored = system.functions().replace("ProofFunction",
                new ProofHandler(system.functionEnv("ProofFunction"), after))) {
            String unsealed = agentProof(deliveryId, system.api());
            assertTrue(unsealed.contains("Notre offre révisée : 98 500 € HT."), unsealed);
        }

        RecipientBrowser.Page page = browser.get(Mail.accessLink(mail));
        var proofLink = page.html().select("a").stream()
                .filter(a -> a.text().equals("Télécharger la preuve des échanges (PDF)")).findFirst().orElseThrow();
        RecipientBrowser.Page fromLink = browser.get(proofLink.attr("href"));
        assertEquals(302, fromLink.status());
        String companyProof = text(browser.download(fromLink.location()));
        assertTrue(companyProof.contains("Notre offre révisée"), "the company reads its own reply");
        assertEquals(404, browser.get("/r/" + "B".repeat(43) + "/proof").status());
    }

    private String agentProof(String deliveryId, fr.messagerie.infrastructure.HttpApiInvoker api) throws Exception {
        JsonNode proof = AgentApi.expect(200, api.get("/deliveries/" + deliveryId + "/proof", AgentApi.ALICE));
        assertTrue(proof.path("fileName").asText().startsWith("Preuve des échanges - ADO-2207-2020"));
        return text(new RecipientBrowser(system.api()).download(proof.path("url").asText()));
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
