package fr.messagerie.sesevents;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class NonDeliveryReasonsTest {

    @Test
    void bounceReasonsBySubtype() {
        assertEquals("Adresse de messagerie inexistante.", NonDeliveryReasons.bounce("Permanent", "NoEmail"));
        assertEquals("Courrier trop volumineux pour le serveur du destinataire.",
                NonDeliveryReasons.bounce("Transient", "MessageTooLarge"));
        assertEquals("Contenu refusé par le serveur du destinataire.",
                NonDeliveryReasons.bounce("Transient", "ContentRejected"));
        assertEquals("Pièce jointe refusée par le serveur du destinataire.",
                NonDeliveryReasons.bounce("Transient", "AttachmentRejected"));
        assertEquals("Échec temporaire de remise : le service d'envoi a abandonné après plusieurs tentatives.",
                NonDeliveryReasons.bounce("Transient", "General"));
        assertEquals("Courrier non délivré pour une raison indéterminée.",
                NonDeliveryReasons.bounce("Undetermined", "Undetermined"));
        assertEquals(NonDeliveryReasons.bounce("Permanent", "Suppressed"),
                NonDeliveryReasons.bounce("Permanent", "OnAccountSuppressionList"));
    }

    @Test
    void unknownBounceValuesFallBackToTheirTypeOrUndetermined() {
        assertEquals(NonDeliveryReasons.bounce("Permanent", "General"), NonDeliveryReasons.bounce("Permanent", "NewOne"));
        assertEquals(NonDeliveryReasons.bounce("Transient", "General"), NonDeliveryReasons.bounce("Transient", null));
        assertEquals(NonDeliveryReasons.bounce("Undetermined", "Undetermined"), NonDeliveryReasons.bounce(null, null));
    }

    @Test
    void everyDocumentedDelayTypeHasItsOwnWording() {
        List<String> types = List.of("InternalFailure", "General", "MailboxFull", "SpamDetected",
                "RecipientServerError", "IPFailure", "TransientCommunicationFailure", "BYOIPHostNameLookupUnavailable",
                "SendingDeferral");
        Set<String> reasons = new HashSet<>();
        for (String type : types) {
            String reason = NonDeliveryReasons.delay(type);
            assertTrue(reason.startsWith("Remise retardée"), reason);
            assertTrue(reason.endsWith("le service d'envoi réessaie."), reason);
            reasons.add(reason);
        }
        assertEquals(types.size(), reasons.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Undetermined", "SomethingNew"})
    void undeterminedDelay(String type) {
        assertEquals("Remise retardée pour une raison indéterminée, le service d'envoi réessaie.",
                NonDeliveryReasons.delay(type));
    }
}
