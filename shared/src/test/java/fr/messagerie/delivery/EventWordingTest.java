package fr.messagerie.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The one vocabulary of events: the thread detail, the tracking list, the proof and the company's pages. */
class EventWordingTest {
    private static final Instant AT = Instant.parse("2020-07-23T10:40:59Z");
    private static final String COMPANY = "gregory@entreprise.fr";
    private static final Map<String, String> BY_ALICE = Map.of(DeliveryEvent.AGENT_NAME, "Alice MARTIN");

    private static DeliveryEvent event(EventType type, int attempt, String actor, Map<String, String> details) {
        return new DeliveryEvent(type.name().toLowerCase() + ":d-1:" + attempt, type, AT, attempt, actor, details);
    }

    private static String title(EventType type, int attempt, String actor, Map<String, String> details) {
        return EventWording.threadTitle(event(type, attempt, actor, details), COMPANY);
    }

    @Test
    void the_thread_names_who_sent_and_who_received() {
        assertEquals("Envoi du courrier par Alice MARTIN", title(EventType.SENT, 1, "agent-1", BY_ALICE));
        assertEquals("Nouvel envoi du courrier par Alice MARTIN", title(EventType.SENT, 2, "agent-1", BY_ALICE));
        assertEquals("Envoi du courrier par Technique", title(EventType.SENT, 1, DeliveryEvent.MAIL_SERVICE, Map.of()));
        assertEquals("Courrier délivré à " + COMPANY, title(EventType.DELIVERED, 1, "SES", Map.of()));
        assertEquals("Courrier lu par " + COMPANY, title(EventType.READ, 1, COMPANY, Map.of()));
        assertEquals("Réponse du destinataire", title(EventType.REPLIED, 1, COMPANY, Map.of()));
    }

    @Test
    void the_thread_names_the_agent_of_a_reading_a_resend_or_a_revocation() {
        assertEquals("Réponse lue par Alice MARTIN", title(EventType.REPLY_READ, 1, "agent-1", BY_ALICE));
        assertEquals("Relance du courrier par Alice MARTIN", title(EventType.RESENT, 2, "agent-1", BY_ALICE));
        assertEquals("Lien d'accès désactivé par Alice MARTIN", title(EventType.LINK_REVOKED, 1, "agent-1", BY_ALICE));
    }

    @Test
    void without_an_actor_the_thread_says_what_happened_and_no_more() {
        assertEquals("Envoi du courrier", title(EventType.SENT, 1, null, Map.of()));
        assertEquals("Nouvel envoi du courrier", title(EventType.SENT, 3, "", Map.of()));
        assertEquals("Réponse lue", title(EventType.REPLY_READ, 1, null, Map.of()));
        assertEquals("Relance du courrier", title(EventType.RESENT, 2, null, Map.of()));
        assertEquals("Lien d'accès désactivé", title(EventType.LINK_REVOKED, 1, null, Map.of()));
    }

    @Test
    void a_failure_is_titled_non_delivered_with_its_label_and_a_complaint_with_its_own() {
        assertEquals("Non délivré — Courrier non délivré", title(EventType.BOUNCED, 1, "SES", Map.of()));
        assertEquals("Non délivré — Envoi refusé", title(EventType.REJECTED, 1, "SES", Map.of()));
        assertEquals("Remise retardée", title(EventType.DELAYED, 1, "SES", Map.of()));
        DeliveryEvent complaint = event(EventType.COMPLAINED, 1, "SES",
                Map.of(DeliveryEvent.COMPLAINT_FEEDBACK_TYPE, "abuse"));
        assertEquals(complaint.label(), EventWording.threadTitle(complaint, COMPANY));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void every_event_has_a_thread_title_and_a_proof_step(EventType type) {
        DeliveryEvent event = event(type, 1, "SES", Map.of(DeliveryEvent.REASON, "Adresse inconnue."));
        assertFalse(EventWording.threadTitle(event, COMPANY).isBlank());
        assertFalse(EventWording.proofStep(event).isBlank());
    }

    @Test
    void the_list_shows_e_d_l_r_in_that_order_with_their_titles() {
        assertEquals(List.of("E", "D", "L", "R"), EventWording.LIST_LETTERS.stream().map(EventType::letter).toList());
        assertEquals(List.of("Envoyé", "Délivré", "Lu par le destinataire", "Réponse du destinataire"),
                EventWording.LIST_LETTERS.stream().map(EventWording::listTitle).toList());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void an_event_has_a_list_title_exactly_when_it_has_a_letter(EventType type) {
        if (type.letter() == null) {
            assertNull(EventWording.listTitle(type));
        } else {
            assertNotNull(EventWording.listTitle(type));
        }
    }

    @Test
    void the_proof_keeps_the_seed_wording_of_the_summary() {
        assertEquals("Envoi", EventWording.proofStep(event(EventType.SENT, 1, "agent-1", BY_ALICE)));
        assertEquals("Envoi (envoi n° 2)", EventWording.proofStep(event(EventType.SENT, 2, "agent-1", BY_ALICE)));
        assertEquals("Reçu techniquement (Délivré)", EventWording.proofStep(event(EventType.DELIVERED, 1, "SES",
                Map.of())));
        assertEquals("Accusé de réception (Lu)", EventWording.proofStep(event(EventType.READ, 1, COMPANY, Map.of())));
        assertEquals("Réponse", EventWording.proofStep(event(EventType.REPLIED, 1, COMPANY, Map.of())));
        assertEquals("Réponse lue", EventWording.proofStep(event(EventType.REPLY_READ, 1, "agent-1", BY_ALICE)));
        assertEquals("Relance (envoi n° 2)", EventWording.proofStep(event(EventType.RESENT, 2, "agent-1", BY_ALICE)));
        assertEquals("Remise retardée", EventWording.proofStep(event(EventType.DELAYED, 1, "SES", Map.of())));
        assertEquals("Non délivré (motif : Adresse inconnue.) (envoi n° 2)", EventWording.proofStep(
                event(EventType.BOUNCED, 2, "SES", Map.of(DeliveryEvent.REASON, "Adresse inconnue."))));
        assertEquals("Lien d'accès désactivé", EventWording.proofStep(event(EventType.LINK_REVOKED, 1, "agent-1",
                BY_ALICE)));
    }

    @Test
    void the_company_pages_head_the_events_with_their_labels_and_date_them() {
        assertEquals("Envoi du courrier", EventWording.companyHeading(EventType.SENT));
        assertEquals("Courrier lu par le destinataire", EventWording.companyHeading(EventType.READ));
        assertEquals("Réponse du destinataire", EventWording.companyHeading(EventType.REPLIED));
        assertEquals("Envoyé le 23/07/2020 - 12:40:59", EventWording.companyTime(EventType.SENT, AT));
        assertEquals("Délivré le 23/07/2020 - 12:40:59", EventWording.companyTime(EventType.DELIVERED, AT));
        assertEquals("Lu le 23/07/2020 - 12:40:59", EventWording.companyTime(EventType.READ, AT));
        assertEquals("Répondu le 23/07/2020 - 12:40:59", EventWording.companyTime(EventType.REPLIED, AT));
        assertEquals("Lien d'accès désactivé le 23/07/2020 - 12:40:59",
                EventWording.companyTime(EventType.LINK_REVOKED, AT));
        assertEquals("Envoyé le", EventWording.companyTimeLabel(EventType.SENT));
    }
}
