package fr.messagerie.proof;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.common.Hashes;
import fr.messagerie.common.ProblemException;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.Evidence;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.recipient.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static fr.messagerie.ExchangeFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProofOfExchangesTest {
    private static final String TOO_MANY = "La preuve des échanges de ce courrier a été demandée trop souvent : "
            + "réessayez dans une minute.";
    private final ExchangeFixture f = new ExchangeFixture();
    private final ProofOfExchanges proofs = f.proofs;

    private static ProblemException problem(Executable action) {
        return assertThrows(ProblemException.class, action);
    }

    private String delivered() {
        Letter letter = f.letter("l1", ReplyOptions.ALLOWED, "Demande de complément", "<p>Merci de compléter.</p>",
                f.acme, f.batiment);
        f.letterFile(letter, "cahier.pdf", "CCTP");
        return f.delivered(letter, f.acme);
    }

    // The rate: 20 a minute per delivery, agents and the company apart

    @Test
    void twenty_proofs_a_minute_per_delivery_then_too_many_requests_until_the_next_minute() {
        String id = delivered();
        String other = f.delivered(f.letters.find("l1").orElseThrow(), f.batiment);
        f.clock.set(Instant.parse("2026-11-20T10:05:00Z"));
        for (int i = 0; i < ProofOfExchanges.REQUESTS_PER_MINUTE; i++) {
            proofs.forAgent(i % 2 == 0 ? f.alice : f.bruno, id);
            f.clock.advance(Duration.ofSeconds(2));
        }
        f.clock.set(Instant.parse("2026-11-20T10:05:59.999Z"));

        ProblemException refused = problem(() -> proofs.forAgent(f.bruno, id));

        assertEquals(429, refused.status());
        assertEquals("too-many-proof-requests", refused.code());
        assertEquals(TOO_MANY, refused.violations().get(0).message());
        assertEquals(20, f.proofRequests.counted(id, "agent", f.clock.instant()), "a refusal counts nothing");
        proofs.forAgent(f.alice, other);
        f.proofs.forRecipient(f.opened(id));

        f.clock.set(Instant.parse("2026-11-20T10:06:00Z"));
        proofs.forAgent(f.bruno, id);
        assertEquals(1, f.proofRequests.counted(id, "agent", f.clock.instant()));
    }

    @Test
    void the_company_has_its_own_twenty_a_minute() {
        String id = delivered();
        Exchange opened = f.opened(id);
        for (int i = 0; i < ProofOfExchanges.REQUESTS_PER_MINUTE; i++) {
            proofs.forRecipient(opened);
        }

        ProblemException refused = problem(() -> proofs.forRecipient(opened));

        assertEquals(429, refused.status());
        assertEquals("too-many-proof-requests", refused.code());
        assertEquals(TOO_MANY, refused.violations().get(0).message());
        proofs.forAgent(f.alice, id);
    }

    @Test
    void another_organisms_request_is_answered_as_for_a_missing_delivery_and_counts_nothing() {
        String id = delivered();

        ProblemException theirs = problem(() -> proofs.forAgent(f.eve, id));
        ProblemException none = problem(() -> proofs.forAgent(f.eve, "0123456789abcdef0123456789abcdef"));

        assertEquals(404, theirs.status());
        assertEquals("delivery-not-found", theirs.code());
        assertEquals("Échange introuvable.", theirs.violations().get(0).message());
        assertEquals(none.violations(), theirs.violations());
        assertEquals(0, f.proofRequests.counted(id, "agent", f.clock.instant()));
        assertEquals(List.of(), f.rendered);
    }

    // The stored proof

    @Test
    void an_unchanged_thread_reuses_the_stored_proof_and_a_changed_one_gets_its_own() {
        String id = delivered();
        Instant first = f.clock.instant();

        ProofOfExchanges.Proof proof = proofs.forAgent(f.alice, id);
        f.clock.advance(Duration.ofHours(2));
        ProofOfExchanges.Proof again = proofs.forAgent(f.bruno, id);

        assertEquals("Preuve des échanges - ADO-2207-2020 - contact@acme.fr.pdf", proof.fileName());
        assertTrue(proof.url().startsWith("https://files.test/proofs/" + id + "/"), proof.url());
        assertEquals(proof.url(), again.url());
        assertEquals(first, again.generatedAt(), "the stored proof says when it was generated");
        assertEquals(1, f.rendered.size(), "rendered once");
        String key = proof.url().substring("https://files.test/".length(), proof.url().indexOf('?'));
        assertEquals(List.of(key), f.files.evidence().stream().filter(k -> k.startsWith("proofs/")).toList(),
                "written and locked once");
        assertEquals(Map.of("generated-at", first.toString()), f.files.metadata(key).orElseThrow());

        f.opened(id);
        Instant later = f.clock.instant();
        ProofOfExchanges.Proof changed = proofs.forAgent(f.alice, id);

        assertNotEquals(proof.url(), changed.url());
        assertEquals(later, changed.generatedAt());
        assertEquals(2, f.rendered.size());
        assertEquals(2, f.files.evidence().stream().filter(k -> k.startsWith("proofs/")).count());
        assertTrue(f.files.exists(key), "the earlier proof stays");
    }

    @Test
    void the_proof_data_follows_the_thread_step_by_step() {
        String id = delivered();
        Attachment file = f.attachments.ready(AttachmentStore.Owner.letter("l1")).get(0);
        f.opened(id);

        proofs.forAgent(f.alice, id);

        ProofData data = f.rendered.get(0);
        assertEquals(f.clock.instant(), data.generatedAt());
        assertEquals("contact@acme.fr", data.recipient());
        assertEquals(new ProofData.ConsultationPart("ADO-2207-2020", "Réfection de la toiture du collège",
                "Travaux de couverture", Instant.parse("2026-12-15T16:00:00Z"), "Département de l'Aude",
                "Direction des bâtiments"), data.consultation());
        assertEquals(List.of(new ProofData.Step("Envoi", T0, "Alice MARTIN"),
                new ProofData.Step("Reçu techniquement (Délivré)", T0.plusSeconds(1), "Technique"),
                new ProofData.Step("Accusé de réception (Lu)", T0.plusSeconds(1), "contact@acme.fr")), data.steps());
        ProofData.Exchange message = data.exchanges().get(0);
        assertEquals("Message", message.kind());
        assertEquals(T0, message.at());
        assertEquals("Courrier libre — Demande de complément", message.title());
        assertEquals("<p>Merci de compléter.</p>", message.bodyHtml());
        assertEquals(Hashes.sha256("<p>Merci de compléter.</p>"), message.bodySha256());
        assertEquals(List.of(new Evidence.FileFingerprint("cahier.pdf", file.size(), file.sha256())), message.files());
        assertEquals(1, data.exchanges().size(), "no reply yet");
    }

    @Test
    void a_resent_letter_shows_each_attempt_in_the_proof() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme);
        String id = f.sent(letter, f.acme);
        f.bounced(id, "Adresse de messagerie inexistante.");
        f.resend.resend(f.bruno, id, null);
        f.dispatchQueued();
        f.delivered(id);

        proofs.forAgent(f.alice, id);

        assertEquals(List.of("Envoi", "Non délivré (motif : Adresse de messagerie inexistante.)",
                        "Relance (envoi n° 2)", "Envoi (envoi n° 2)", "Reçu techniquement (Délivré) (envoi n° 2)"),
                f.rendered.get(0).steps().stream().map(ProofData.Step::label).toList());
        assertEquals(List.of("Alice MARTIN", "Technique", "Bruno PETIT", "Alice MARTIN", "Technique"),
                f.rendered.get(0).steps().stream().map(ProofData.Step::author).toList());
    }

    @Test
    void a_read_reply_shows_in_the_proof_with_its_reader() {
        String id = delivered();
        f.sendReply.send(f.opened(id), "Voici le DC4.");
        f.markReplyRead.mark(f.bruno, id);

        proofs.forAgent(f.alice, id);

        List<ProofData.Step> steps = f.rendered.get(0).steps();
        assertEquals(new ProofData.Step("Réponse lue", f.clock.instant(), "Bruno PETIT"), steps.get(steps.size() - 1));
        ProofData.Exchange reply = f.rendered.get(0).exchanges().get(1);
        assertEquals("<p>Voici le DC4.</p>", reply.bodyHtml());
        assertEquals(Hashes.sha256("<p>Voici le DC4.</p>"), reply.bodySha256());
    }

    private static DeliveryEvent event(EventType type, int attempt, Map<String, String> details) {
        return new DeliveryEvent(type + ":" + attempt, type, Instant.parse("2026-11-20T10:00:00Z"), attempt, "SES",
                details);
    }

    @Test
    void a_complaint_is_a_step_of_its_own_never_a_non_delivery() {
        assertEquals("Courrier signalé comme indésirable par le destinataire (courrier non sollicité ou abusif)",
                ProofOfExchanges.stepLabel(event(EventType.COMPLAINED, 1,
                        Map.of(DeliveryEvent.COMPLAINT_FEEDBACK_TYPE, "abuse"))));
        assertEquals("Courrier signalé comme indésirable par le destinataire (le destinataire a indiqué qu'il ne "
                        + "s'agit pas d'un courrier indésirable) (envoi n° 2)",
                ProofOfExchanges.stepLabel(event(EventType.COMPLAINED, 2,
                        Map.of(DeliveryEvent.COMPLAINT_FEEDBACK_TYPE, "not-spam"))));
        assertEquals("Courrier signalé comme indésirable par le destinataire",
                ProofOfExchanges.stepLabel(event(EventType.COMPLAINED, 1, Map.of())));
    }

    @Test
    void a_disabled_link_is_a_step_of_the_proof() {
        assertEquals("Lien d'accès désactivé", ProofOfExchanges.stepLabel(event(EventType.LINK_REVOKED, 1, Map.of())));
    }

    @Test
    void the_stored_proof_is_keyed_by_what_it_shows_never_by_when_it_was_generated() {
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        ProofData.ConsultationPart consultation = new ProofData.ConsultationPart("ADO-2207-2020", "Achat", null, null,
                "Département", null);
        List<ProofData.Step> steps = List.of(new ProofData.Step("Envoi", at, "Alice MARTIN"));
        ProofData first = new ProofData(at.plusSeconds(60), consultation, "a@exemple.fr", steps, List.of());
        ProofData later = new ProofData(at.plusSeconds(3600), consultation, "a@exemple.fr", steps, List.of());
        ProofData changed = new ProofData(at.plusSeconds(60), consultation, "a@exemple.fr", List.of(steps.get(0),
                new ProofData.Step("Accusé de réception (Lu)", at.plusSeconds(30), "a@exemple.fr")), List.of());
        assertEquals(ProofOfExchanges.contentKey(first), ProofOfExchanges.contentKey(later));
        assertNotEquals(ProofOfExchanges.contentKey(first), ProofOfExchanges.contentKey(changed));
    }

    @Test
    void bounces_and_rejections_keep_their_reason() {
        assertEquals("Non délivré (motif : Adresse de messagerie inexistante.)", ProofOfExchanges.stepLabel(
                event(EventType.BOUNCED, 1, Map.of(DeliveryEvent.REASON, "Adresse de messagerie inexistante."))));
        assertEquals("Reçu techniquement (Délivré)", ProofOfExchanges.stepLabel(event(EventType.DELIVERED, 1, Map.of())));
    }
}
