package fr.messagerie.app;

import fr.messagerie.domain.DeliveryEvent;
import fr.messagerie.domain.EventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void bounces_and_rejections_keep_their_reason() {
        assertEquals("Non délivré (motif : Adresse de messagerie inexistante.)", ProofOfExchanges.stepLabel(
                event(EventType.BOUNCED, 1, Map.of(DeliveryEvent.REASON, "Adresse de messagerie inexistante."))));
        assertEquals("Reçu techniquement (Délivré)", ProofOfExchanges.stepLabel(event(EventType.DELIVERED, 1, Map.of())));
    }
}
