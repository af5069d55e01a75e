package fr.messagerie.letters;

import fr.messagerie.common.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "Réponse envoyée avant la date limite": one rule, one boundary (the deadline itself is too late). */
class ReplyOptionsTest {
    private static final Instant DEADLINE = Instant.parse("2021-01-31T16:00:00Z");
    private static final ReplyOptions WITH_DEADLINE = new ReplyOptions(true, DEADLINE, false);

    @Test
    void a_reply_is_accepted_strictly_before_the_deadline() {
        assertTrue(WITH_DEADLINE.acceptsReplyAt(DEADLINE.minusNanos(1)));
        assertFalse(WITH_DEADLINE.acceptsReplyAt(DEADLINE), "the deadline itself is too late");
        assertFalse(WITH_DEADLINE.acceptsReplyAt(DEADLINE.plusSeconds(1)));
    }

    @Test
    void without_a_deadline_a_reply_is_always_accepted_and_never_without_replies_allowed() {
        assertTrue(ReplyOptions.ALLOWED.acceptsReplyAt(DEADLINE.plusSeconds(365L * 24 * 3600)));
        assertFalse(ReplyOptions.NONE.acceptsReplyAt(DEADLINE));
        assertFalse(new ReplyOptions(false, DEADLINE, false).acceptsReplyAt(DEADLINE.minusSeconds(60)));
    }

    @Test
    void the_deadline_is_passed_exactly_when_a_reply_is_no_longer_in_time() {
        for (Instant at : List.of(DEADLINE.minusSeconds(1), DEADLINE.minusNanos(1), DEADLINE, DEADLINE.plusNanos(1))) {
            assertEquals(!WITH_DEADLINE.acceptsReplyAt(at), WITH_DEADLINE.isDeadlinePassed(at), at.toString());
            assertEquals(WITH_DEADLINE.acceptsReplyAt(at), WITH_DEADLINE.isBeforeDeadline(at), at.toString());
        }
        assertFalse(ReplyOptions.ALLOWED.isDeadlinePassed(DEADLINE), "no deadline, never passed");
        assertFalse(ReplyOptions.ALLOWED.isBeforeDeadline(DEADLINE), "no deadline, nothing is before it");
    }

    @Test
    void at_sending_the_deadline_must_still_accept_a_reply() {
        assertTrue(codes(DEADLINE.minusNanos(1)).isEmpty());
        assertEquals(List.of("reply-deadline-in-past"), codes(DEADLINE));
        assertEquals(List.of("reply-deadline-in-past"), codes(DEADLINE.plusSeconds(1)));
    }

    private static List<String> codes(Instant now) {
        return LetterRules.checkDraft(SendMode.ACCESS_LINK, WITH_DEADLINE, "Objet", "<p>Bonjour,</p>", 1, now)
                .stream().map(Violation::code).toList();
    }
}
