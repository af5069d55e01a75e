package fr.messagerie.recipient;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.ReplyOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The company's letters on the consultation ({@link ShowHistory}): newest first, with what happened to each. */
class ShowHistoryTest {
    private final ExchangeFixture f = new ExchangeFixture();
    private final ShowHistory history = f.showHistory;

    @Test
    void each_letter_of_the_company_on_the_consultation_with_its_times_newest_first() {
        Letter first = f.letter("l1", ReplyOptions.ALLOWED, "Premier", "<p>1</p>", f.acme, f.batiment);
        String mine = f.delivered(first, f.acme);
        f.delivered(first, f.batiment);
        Instant sentFirst = f.deliveries.events(mine).get(0).at();
        f.clock.advance(Duration.ofMinutes(1));
        f.opened(mine);
        Instant readAt = f.clock.instant();
        f.clock.advance(Duration.ofMinutes(1));
        f.sendReply.send(f.exchange(mine), "Réponse");
        Instant repliedAt = f.clock.instant();
        f.clock.advance(Duration.ofMinutes(1));
        Letter second = f.letter("l2", ReplyOptions.NONE, "Second", "<p>2</p>", f.acme);
        String sentOnly = f.sent(second, f.acme);
        f.revokeLink.revoke(f.alice, sentOnly);
        Instant revokedAt = f.clock.instant();

        List<HistoryEntry> entries = history.of(f.exchange(mine));

        assertEquals(List.of(sentOnly, mine), entries.stream().map(e -> e.delivery().id()).toList());
        HistoryEntry latest = entries.get(0);
        assertEquals("Second", latest.letter().subject());
        assertEquals(Optional.empty(), latest.deliveredAt());
        assertEquals(Optional.empty(), latest.readAt());
        assertEquals(Optional.of(revokedAt), latest.linkRevokedAt());
        HistoryEntry replied = entries.get(1);
        assertEquals(Optional.of(sentFirst), replied.sentAt());
        assertEquals(true, replied.deliveredAt().isPresent());
        assertEquals(Optional.of(readAt), replied.readAt());
        assertEquals(Optional.of(repliedAt), replied.repliedAt());
        assertEquals(Optional.empty(), replied.linkRevokedAt());
    }
}
