package fr.messagerie.recipient;

import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.files.Evidence;
import fr.messagerie.letters.ReplyOptions;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReplyForAgentTest {
    private static final Instant DEADLINE = Instant.parse("2026-12-15T16:00:00Z");
    private static final ReplyOptions SEALED = new ReplyOptions(true, DEADLINE, true);
    private static final DeliveryEvent SENT = new DeliveryEvent("sent:d:1", EventType.SENT,
            DEADLINE.minusSeconds(7200), 1, "agent-1", Map.of(DeliveryEvent.BODY_SHA256, "a".repeat(64)));
    private static final DeliveryEvent REPLIED = new DeliveryEvent("replied:d", EventType.REPLIED,
            DEADLINE.minusSeconds(3600), 1, "entreprise@exemple.fr", Map.of(DeliveryEvent.BODY_SHA256, "b".repeat(64)),
            List.of(new Evidence.FileFingerprint("Offre.pdf", 12, "c".repeat(64))));

    @Test
    void while_sealed_the_reply_event_keeps_its_time_and_author_but_no_detail() {
        List<DeliveryEvent> seen = ReplyForAgent.events(SEALED, List.of(SENT, REPLIED), DEADLINE.minusSeconds(1));
        assertEquals(SENT, seen.get(0), "the letter's own evidence stays");
        DeliveryEvent reply = seen.get(1);
        assertEquals(List.of(REPLIED.id(), REPLIED.type(), REPLIED.at(), REPLIED.attempt(), REPLIED.actor()),
                List.of(reply.id(), reply.type(), reply.at(), reply.attempt(), reply.actor()));
        assertEquals(Map.of(), reply.details());
        assertEquals(List.of(), reply.files(), "nor the names, sizes and hashes of its files");
    }

    @Test
    void from_the_deadline_or_without_sealing_every_detail_is_shown() {
        assertEquals(List.of(SENT, REPLIED), ReplyForAgent.events(SEALED, List.of(SENT, REPLIED), DEADLINE));
        assertEquals(List.of(SENT, REPLIED), ReplyForAgent.events(new ReplyOptions(true, DEADLINE, false),
                List.of(SENT, REPLIED), DEADLINE.minusSeconds(1)));
    }
}
