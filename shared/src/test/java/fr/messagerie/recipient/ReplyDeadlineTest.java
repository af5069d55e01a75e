package fr.messagerie.recipient;

import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The company's reply form and the sealing follow the deadline rule of {@link ReplyOptions#acceptsReplyAt}. */
class ReplyDeadlineTest {
    private static final Instant DEADLINE = Instant.parse("2021-01-31T16:00:00Z");
    private static final ReplyOptions SEALED = new ReplyOptions(true, DEADLINE, true);

    private static Exchange exchange(ReplyOptions options, Optional<Reply> reply) {
        Letter letter = new Letter("l", "c", "o", LetterType.COURRIER_LIBRE, SendMode.ACCESS_LINK, options, "Objet",
                "<p>Bonjour,</p>", List.of(), null, LetterState.SENT, DEADLINE.minusSeconds(86400),
                DEADLINE.minusSeconds(86400), DEADLINE.minusSeconds(86400), 1);
        return new Exchange("token", null, letter, null, List.of(), List.of(), reply, List.of());
    }

    @Test
    void the_form_is_offered_while_a_reply_is_accepted_and_closed_from_the_deadline() {
        Exchange exchange = exchange(SEALED, Optional.empty());
        for (Instant at : List.of(DEADLINE.minusSeconds(60), DEADLINE.minusNanos(1), DEADLINE, DEADLINE.plusSeconds(1))) {
            assertEquals(SEALED.acceptsReplyAt(at), exchange.canReply(at), at.toString());
            assertEquals(SEALED.isDeadlinePassed(at), exchange.replyClosed(at), at.toString());
        }
        assertTrue(exchange.canReply(DEADLINE.minusNanos(1)));
        assertFalse(exchange.canReply(DEADLINE));
        assertTrue(exchange.replyClosed(DEADLINE));
    }

    @Test
    void one_reply_only_and_none_when_replies_are_not_allowed() {
        Reply sent = new Reply("d", "<p>Réponse</p>", List.of(), DEADLINE.minusSeconds(3600));
        assertFalse(exchange(SEALED, Optional.of(sent)).canReply(DEADLINE.minusSeconds(60)));
        assertFalse(exchange(ReplyOptions.NONE, Optional.empty()).canReply(DEADLINE));
        assertTrue(exchange(ReplyOptions.ALLOWED, Optional.empty()).canReply(DEADLINE.plusSeconds(86400)));
        assertFalse(exchange(ReplyOptions.ALLOWED, Optional.empty()).replyClosed(DEADLINE.plusSeconds(86400)));
    }

    @Test
    void a_sealed_reply_opens_at_the_instant_replies_close() {
        for (Instant at : List.of(DEADLINE.minusSeconds(60), DEADLINE.minusNanos(1), DEADLINE, DEADLINE.plusSeconds(1))) {
            assertEquals(SEALED.acceptsReplyAt(at), ReplySealing.isSealed(SEALED, at), at.toString());
        }
        assertFalse(ReplySealing.isSealed(new ReplyOptions(true, DEADLINE, false), DEADLINE.minusSeconds(60)));
    }
}
