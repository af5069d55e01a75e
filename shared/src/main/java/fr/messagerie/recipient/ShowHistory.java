package fr.messagerie.recipient;

import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryLog;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.DeliveryView;
import fr.messagerie.delivery.EventType;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static fr.messagerie.recipient.Exchange.first;

/** The company's history on the consultation: the letters of the same consultation sent to the same address. */
public final class ShowHistory {
    private final DeliveryStore deliveries;
    private final DeliveryLog logs;
    private final LetterStore letters;

    public ShowHistory(DeliveryStore deliveries, DeliveryLog logs, LetterStore letters) {
        this.deliveries = deliveries;
        this.logs = logs;
        this.letters = letters;
    }

    /** Newest first. */
    public List<HistoryEntry> of(Exchange exchange) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (DeliveryView view : deliveries.toRecipient(exchange.delivery().organismId(),
                exchange.delivery().consultationId(), exchange.delivery().recipient().key())) {
            Delivery delivery = view.delivery();
            Optional<Letter> letter = letters.find(delivery.letterId());
            if (letter.isEmpty()) {
                continue;
            }
            List<DeliveryEvent> events = logs.events(delivery.id());
            entries.add(new HistoryEntry(delivery, letter.get(),
                    first(events, EventType.SENT).or(() -> Optional.ofNullable(letter.get().sentAt())),
                    first(events, EventType.DELIVERED), first(events, EventType.READ),
                    first(events, EventType.REPLIED), first(events, EventType.LINK_REVOKED)));
        }
        return entries;
    }
}
