package fr.messagerie.recipient;

import fr.messagerie.delivery.DeliveryLog;
import fr.messagerie.delivery.RecordDeliveryEvent;

import java.time.Clock;

/**
 * The explicit "Accéder au contenu du courrier": the read receipt, recorded once whatever the repetitions. What
 * follows (the content page) loads the letter; this action reads nothing of it, only writes from the head
 * {@link Exchanges#reach} read.
 */
public final class OpenLetter {
    private final RecordDeliveryEvent log;
    private final Clock clock;

    public OpenLetter(DeliveryLog logs, Clock clock) {
        this.log = new RecordDeliveryEvent(logs);
        this.clock = clock;
    }

    public void open(Reached reached) {
        DeliveryLog.LogHead head = reached.head();
        if (!head.projection().read()) {
            log.record(head.delivery().id(), head, ReadReceipt.of(head.delivery(), head.projection().latestAttempt(),
                    clock.instant()));
        }
    }
}
