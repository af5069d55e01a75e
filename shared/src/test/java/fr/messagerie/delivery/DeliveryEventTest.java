package fr.messagerie.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class DeliveryEventTest {
    private static final String COMPLAINT = "Courrier signalé comme indésirable par le destinataire";

    private static DeliveryEvent complaint(Map<String, String> details) {
        return new DeliveryEvent("ses:feedback", EventType.COMPLAINED, Instant.parse("2026-11-20T10:00:00Z"), 1, "SES",
                details);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "abuse        | courrier non sollicité ou abusif",
            "auth-failure | échec de l'authentification du courrier",
            "fraud        | suspicion de fraude ou d'hameçonnage",
            "not-spam     | le destinataire a indiqué qu'il ne s'agit pas d'un courrier indésirable",
            "other        | autre motif",
            "virus        | virus signalé dans le courrier",
            "Not-Spam     | le destinataire a indiqué qu'il ne s'agit pas d'un courrier indésirable"})
    void a_complaint_is_labelled_with_its_feedback_type_in_french(String feedbackType, String french) {
        DeliveryEvent event = complaint(Map.of(DeliveryEvent.COMPLAINT_FEEDBACK_TYPE, feedbackType));

        assertEquals(COMPLAINT + " (" + french + ")", event.label());
        assertEquals(french, ComplaintFeedback.describe(feedbackType));
    }

    @Test
    void without_a_feedback_type_a_complaint_has_the_plain_label() {
        assertEquals(COMPLAINT, complaint(Map.of()).label());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "spam", "opt-out"})
    void an_unregistered_feedback_type_is_not_made_up(String feedbackType) {
        assertEquals(COMPLAINT, complaint(Map.of(DeliveryEvent.COMPLAINT_FEEDBACK_TYPE, feedbackType)).label());
        assertNull(ComplaintFeedback.describe(feedbackType));
    }

    @Test
    void other_events_keep_the_label_of_their_type_and_a_complaint_is_no_failure() {
        DeliveryEvent delivered = new DeliveryEvent("d", EventType.DELIVERED, Instant.EPOCH, 1, "SES",
                Map.of(DeliveryEvent.COMPLAINT_FEEDBACK_TYPE, "abuse"));
        assertEquals("Courrier délivré", delivered.label());
        assertFalse(EventType.COMPLAINED.isFailure());
    }
}
