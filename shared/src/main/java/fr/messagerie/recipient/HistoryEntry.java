package fr.messagerie.recipient;

import fr.messagerie.delivery.Delivery;
import fr.messagerie.letters.Letter;

import java.time.Instant;
import java.util.Optional;

/**
 * A line of the company's history on the consultation.
 *
 * @param linkRevokedAt when an agent disabled the letter's link: it cannot be opened from the history either
 */
public record HistoryEntry(Delivery delivery, Letter letter, Optional<Instant> sentAt, Optional<Instant> deliveredAt,
                           Optional<Instant> readAt, Optional<Instant> repliedAt, Optional<Instant> linkRevokedAt) {
}
