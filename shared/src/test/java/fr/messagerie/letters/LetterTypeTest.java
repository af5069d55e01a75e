package fr.messagerie.letters;

import fr.messagerie.consultations.Consultation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LetterTypeTest {
    private static final Consultation CONSULTATION = new Consultation("c1", "org", "ADO-2207-2020",
            "Achat de matériel informatique", "Achat d'ordinateurs", Instant.parse("2020-07-31T15:30:00Z"),
            "Département des Bouches-du-Rhône", "Direction des Systèmes d'Information", null, Map.of());

    @Test
    void the_nine_letter_types_of_the_seeds() {
        assertEquals(List.of("Courrier libre", "Invitation à concourir", "Information de modification de la consultation",
                        "Réponse à une question", "Demande de complément", "Courrier d'attribution",
                        "Courrier de notification", "Courrier de rejet", "Information d'annulation de la consultation"),
                Arrays.stream(LetterType.values()).map(LetterType::label).toList());
    }

    @Test
    void every_template_is_a_valid_draft_whose_body_the_editor_keeps_as_is() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        for (LetterType type : LetterType.values()) {
            LetterTemplate template = type.template();
            String body = template.bodyFor(CONSULTATION);
            assertEquals(body, RichText.sanitize(body), type + " body uses only what the editor offers");
            assertTrue(LetterRules.checkDraft(template.sendMode(), template.replyOptions(),
                    template.subjectFor(CONSULTATION), body, 0, now).isEmpty(), type + " template is a valid draft");
            assertEquals("Réf. ADO-2207-2020 - ", template.subjectFor(CONSULTATION).substring(0, 21));
            assertTrue(RichText.toPlainText(body).startsWith("Bonjour,"), type.name());
            assertTrue(RichText.toPlainText(body).contains("Merci de votre intérêt pour cette consultation."));
        }
    }

    @Test
    void templates_carry_the_seeds_wording() {
        assertTrue(RichText.toPlainText(LetterType.COURRIER_LIBRE.template().body())
                .contains("[Contenu du message à renseigner]"));
        assertTrue(RichText.toPlainText(LetterType.REJET.template().body())
                .contains("Nous sommes toutefois au regret de vous annoncer que votre réponse n'a pas été retenue."));
        assertTrue(RichText.toPlainText(LetterType.MODIFICATION.template().body())
                .contains("La consultation citée en référence a été modifiée."));
        assertTrue(RichText.toPlainText(LetterType.ATTRIBUTION.template().body())
                .contains("vous avez été désigné attributaire de la consultation citée en référence"));
    }

    @Test
    void only_the_request_for_complement_expects_a_reply_by_default_and_all_use_the_access_link() {
        for (LetterType type : LetterType.values()) {
            assertEquals(SendMode.ACCESS_LINK, type.template().sendMode(), type.name());
            assertEquals(type == LetterType.DEMANDE_COMPLEMENT, type.template().replyOptions().allowed(), type.name());
            assertFalse(type.template().replyOptions().sealed());
        }
    }

    @Test
    void codes_parse_exactly() {
        assertEquals(LetterType.REJET, LetterType.parse("REJET").orElseThrow());
        assertTrue(LetterType.parse("rejet").isEmpty());
        assertTrue(LetterType.parse("COURRIER_INCONNU").isEmpty());
        assertTrue(LetterType.parse(null).isEmpty());
    }
}
