package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.aws.DynamoDeliveryLog;
import fr.messagerie.common.Hashes;
import fr.messagerie.common.ParisTime;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.files.FileKeys;
import fr.messagerie.proof.ProofHandler;
import fr.messagerie.proof.ProofOfExchanges;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.SentEmail;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
    private static final DateTimeFormatter TITLE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH:mm")
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
        List<DeliveryEvent> events = new DynamoDeliveryLog(system.dynamoDb(),
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
        RecipientBrowser.Page invalid = browser.get("/r/" + "B".repeat(43) + "/proof");
        assertEquals(404, invalid.status());
        assertTrue(invalid.text().contains("Lien invalide ou expiré"), invalid.text());
    }

    @Test
    void an_unchanged_thread_reuses_its_stored_proof_and_a_changed_one_gets_its_own() throws Exception {
        Sent sent = sendOne("cache");
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode proof = agentProofAt(first, sent.deliveryId());
        assertEquals(first, Instant.parse(proof.path("generatedAt").asText()));
        assertEquals(1, storedProofs(sent.deliveryId()));

        JsonNode again = agentProofAt(first.plus(5, ChronoUnit.MINUTES), sent.deliveryId());
        assertEquals(first, Instant.parse(again.path("generatedAt").asText()), "the stored proof, not a new one");
        assertEquals(1, storedProofs(sent.deliveryId()), "one object for an unchanged thread");
        String text = text(new RecipientBrowser(system.api()).download(again.path("url").asText()));
        assertTrue(text.contains("Preuve des échanges du " + TITLE_TIME.format(first)), text);

        RecipientBrowser browser = new RecipientBrowser(system.api());
        browser.submit(browser.get(sent.link()).html().selectFirst("form[method=post]"), Map.of());
        Instant later = first.plus(10, ChronoUnit.MINUTES);
        JsonNode changed = agentProofAt(later, sent.deliveryId());
        assertEquals(later, Instant.parse(changed.path("generatedAt").asText()));
        assertEquals(2, storedProofs(sent.deliveryId()), "the read receipt changed the thread: a new proof");
        assertTrue(text(browser.download(changed.path("url").asText())).contains("Accusé de réception (Lu)"));
    }

    @Test
    void the_proof_requests_are_bounded_per_minute_and_a_refused_one_stores_nothing() throws Exception {
        Sent sent = sendOne("debit");
        Clock minute = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        RecipientBrowser browser = new RecipientBrowser(system.api());
        try (AutoCloseable ignored = system.functions().replace("ProofFunction",
                new ProofHandler(system.functionEnv("ProofFunction"), minute))) {
            for (int i = 0; i < ProofOfExchanges.REQUESTS_PER_MINUTE; i++) {
                AgentApi.expect(200, system.api().get("/deliveries/" + sent.deliveryId() + "/proof", AgentApi.ALICE));
            }
            assertEquals(1, storedProofs(sent.deliveryId()));
            browser.submit(browser.get(sent.link()).html().selectFirst("form[method=post]"), Map.of());
            AgentApi.expectProblem(429, "too-many-proof-requests", system.api().get("/deliveries/"
                    + sent.deliveryId() + "/proof", AgentApi.ALICE));
            assertEquals(1, storedProofs(sent.deliveryId()), "the refused request rendered and stored nothing");

            for (int i = 0; i < ProofOfExchanges.REQUESTS_PER_MINUTE; i++) {
                assertEquals(302, browser.get(sent.link() + "/proof").status(), "request " + (i + 1));
            }
            assertEquals(2, storedProofs(sent.deliveryId()), "the company's bound is its own");
            system.sesEvents().simulate(sent.mail());
            system.sqs().drain("SesEventsFunction");
            RecipientBrowser.Page refused = browser.get(sent.link() + "/proof");
            assertEquals(429, refused.status());
            assertTrue(refused.header("Content-Type").startsWith("text/html"));
            assertEquals("fr", refused.html().selectFirst("html").attr("lang"));
            assertTrue(refused.text().contains("Trop de demandes")
                    && refused.text().contains("réessayez dans une minute"), refused.text());
            assertEquals(2, storedProofs(sent.deliveryId()), "nothing stored for the refused request");
        }
        try (AutoCloseable ignored = system.functions().replace("ProofFunction",
                new ProofHandler(system.functionEnv("ProofFunction"), Clock.offset(minute, Duration.ofMinutes(1))))) {
            assertEquals(302, browser.get(sent.link() + "/proof").status(), "the next minute, served again");
            assertEquals(3, storedProofs(sent.deliveryId()), "with the delivery event, a new proof");
        }
    }

    private record Sent(String deliveryId, SentEmail mail, String link) {
    }

    private Sent sendOne(String who) {
        String letterId = agent.createDraft(agent.newConsultation(), """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}""".formatted(Mail.address(who)))
                .path("id").asText();
        JsonNode letter = agent.send(letterId);
        system.sqs().drain("SendFunction");
        SentEmail mail = Mail.ofLetter(system, letter).get(0);
        return new Sent(letter.path("deliveries").get(0).path("id").asText(), mail, Mail.accessLink(mail));
    }

    private JsonNode agentProofAt(Instant at, String deliveryId) throws Exception {
        try (AutoCloseable ignored = system.functions().replace("ProofFunction",
                new ProofHandler(system.functionEnv("ProofFunction"), Clock.fixed(at, ZoneOffset.UTC)))) {
            return AgentApi.expect(200, system.api().get("/deliveries/" + deliveryId + "/proof", AgentApi.ALICE));
        }
    }

    private int storedProofs(String deliveryId) {
        return system.s3().listObjectsV2(r -> r.bucket(system.resources().bucketName("FilesBucket"))
                .prefix(FileKeys.proofs(deliveryId))).keyCount();
    }

    private String agentProof(String deliveryId, fr.messagerie.sam.HttpApiInvoker api) throws Exception {
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
