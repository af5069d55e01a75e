package fr.messagerie.letters;

import fr.messagerie.common.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LetterRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String BODY = "<p>Bonjour,</p>";

    private static List<String> codes(SendMode mode, ReplyOptions reply, String subject, String body, int recipients) {
        return LetterRules.checkDraft(mode, reply, subject, body, recipients, NOW).stream().map(Violation::code).toList();
    }

    @Test
    void a_coherent_draft_passes() {
        ReplyOptions sealed = new ReplyOptions(true, NOW.plusSeconds(3600), true);
        assertTrue(codes(SendMode.ACCESS_LINK, sealed, "Objet", BODY, 3).isEmpty());
        assertTrue(codes(SendMode.SIMPLE, ReplyOptions.NONE, "Objet", BODY, 0).isEmpty());
    }

    @Test
    void reply_options_exist_only_with_the_access_link() {
        assertEquals(List.of("reply-options-require-access-link"),
                codes(SendMode.SIMPLE, ReplyOptions.ALLOWED, "Objet", BODY, 1));
    }

    @Test
    void reply_options_must_be_coherent() {
        assertEquals(List.of("reply-deadline-requires-reply"),
                codes(SendMode.ACCESS_LINK, new ReplyOptions(false, NOW.plusSeconds(60), false), "Objet", BODY, 1));
        assertEquals(List.of("sealed-reply-requires-deadline"),
                codes(SendMode.ACCESS_LINK, new ReplyOptions(true, null, true), "Objet", BODY, 1));
        assertEquals(List.of("reply-deadline-in-past"),
                codes(SendMode.ACCESS_LINK, new ReplyOptions(true, NOW, false), "Objet", BODY, 1));
    }

    @Test
    void the_past_deadline_message_gives_the_date_in_paris_time() {
        Violation violation = LetterRules.checkDraft(SendMode.ACCESS_LINK,
                new ReplyOptions(true, Instant.parse("2026-11-21T16:00:00Z"), false), "Objet", BODY, 1, NOW).get(0);
        assertTrue(violation.message().contains("21/11/2026 17:00"), violation.message());
    }

    @Test
    void subject_and_body_are_required_and_bounded() {
        assertEquals(List.of("subject-required"), codes(SendMode.SIMPLE, ReplyOptions.NONE, "  ", BODY, 1));
        assertEquals(List.of("subject-too-long"), codes(SendMode.SIMPLE, ReplyOptions.NONE, "x".repeat(251), BODY, 1));
        assertEquals(List.of("body-required"), codes(SendMode.SIMPLE, ReplyOptions.NONE, "Objet", "<p> </p><br>", 1));
        assertEquals(List.of("too-many-recipients"), codes(SendMode.SIMPLE, ReplyOptions.NONE, "Objet", BODY, 2001));
    }

    @Test
    void the_body_is_bounded_in_bytes_not_characters() {
        String euros = "<p>" + "€".repeat(199_990) + "</p>";
        assertEquals(List.of("body-too-large"), codes(SendMode.SIMPLE, ReplyOptions.NONE, "Objet", euros, 1));
        Violation violation = LetterRules.checkDraft(SendMode.SIMPLE, ReplyOptions.NONE, "Objet", euros, 1, NOW)
                .get(0);
        assertTrue(violation.message().contains("200 Ko au plus"), violation.message());
        String largest = "<p>" + "é".repeat((LetterRules.MAX_BODY_BYTES - 7) / 2) + "</p>";
        assertTrue(codes(SendMode.SIMPLE, ReplyOptions.NONE, "Objet", largest, 1).isEmpty());
    }

    @Test
    void the_body_is_bounded_in_depth() {
        String lists = RichText.sanitize("<ul><li>".repeat(1_200) + "texte");
        assertEquals(List.of("body-too-deep"), codes(SendMode.SIMPLE, ReplyOptions.NONE, "Objet", lists, 1));
        String editor = RichText.sanitize("<ul><li>".repeat(10) + "<strong><em><u><s><span style=\"color: red\">"
                + "<a href=\"https://example.fr\">texte</a>");
        assertTrue(codes(SendMode.SIMPLE, ReplyOptions.NONE, "Objet", editor, 1).isEmpty());
    }

    @Test
    void sending_needs_a_recipient() {
        Letter letter = new Letter("l", "c", "o", LetterType.COURRIER_LIBRE, SendMode.ACCESS_LINK, ReplyOptions.NONE,
                "Objet", BODY, List.of(), null, LetterState.DRAFT, NOW, NOW, null, 1);
        assertEquals(List.of("recipients-required"),
                LetterRules.checkSendable(letter, NOW).stream().map(Violation::code).toList());
    }
}
