package fr.messagerie.proof;

import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ProofOfExchangesTest {

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
