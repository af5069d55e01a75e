package fr.messagerie.tracking;

import fr.messagerie.common.Agent;
import fr.messagerie.common.EmailAddresses;
import fr.messagerie.common.ProblemException;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryLog;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.delivery.StatusProjection;
import fr.messagerie.letters.Recipient;
import fr.messagerie.tracking.Threads.Thread;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Relance d'un courrier non délivré": the same letter again, as a new attempt with its own events; or, with a
 * corrected address, as a new delivery linked to the first.
 */
public final class ResendDelivery {
    private final Threads threads;
    private final DeliveryStore deliveries;
    private final DeliveryLog heads;
    private final RecordDeliveryEvent log;
    private final DispatchQueue dispatchQueue;
    private final Clock clock;

    public ResendDelivery(Threads threads, DeliveryStore deliveries, DeliveryLog heads, RecordDeliveryEvent log,
                          DispatchQueue dispatchQueue, Clock clock) {
        this.threads = threads;
        this.deliveries = deliveries;
        this.heads = heads;
        this.log = log;
        this.dispatchQueue = dispatchQueue;
        this.clock = clock;
    }

    public Thread resend(Agent agent, String deliveryId, String correctedAddress) {
        Thread thread = threads.thread(agent, deliveryId);
        if (thread.status() != DeliveryStatus.NOT_DELIVERED) {
            throw ProblemException.conflict("resend-not-allowed", "Seul un courrier non délivré peut être relancé "
                    + "(statut actuel : " + thread.status().label() + ").");
        }
        Delivery delivery = thread.delivery();
        if (correctedAddress == null || correctedAddress.isBlank()) {
            int attempt = StatusProjection.latestAttempt(thread.events()) + 1;
            DeliveryEvent resent = new DeliveryEvent("resent:" + deliveryId + ":" + attempt, EventType.RESENT,
                    clock.instant(), attempt, agent.id(), Map.of(DeliveryEvent.AGENT_NAME, agent.displayName()));
            // Queued first: a refused enqueue leaves the letter "Non délivré", to be resent again, rather than a
            // new attempt nothing will send. A dispatch without its event is sent all the same (and a repeated
            // resend records the same event, its copy of the dispatch a no-op).
            dispatchQueue.enqueue(List.of(new DispatchQueue.Dispatch(deliveryId, attempt)));
            log.record(deliveryId, resent);
            return threads.thread(agent, deliveryId);
        }
        String address = correctedAddress.trim();
        if (!EmailAddresses.isValid(address)) {
            throw ProblemException.badRequest("invalid-recipient-address", "email",
                    "Adresse électronique invalide : « " + address + " ».");
        }
        Recipient corrected = new Recipient(address, delivery.recipient().name(), delivery.recipient().company(),
                delivery.recipient().source());
        if (corrected.key().equals(delivery.recipient().key())) {
            throw ProblemException.badRequest("same-address", "email",
                    "L'adresse corrigée est identique à l'adresse d'origine : relancez sans la modifier.");
        }
        Delivery correction = new Delivery(Delivery.idOf(delivery.letterId(), corrected),
                delivery.letterId(), delivery.consultationId(), delivery.organismId(), corrected, clock.instant(),
                delivery.id());
        Optional<DeliveryLog.LogHead> existing = heads.head(correction.id());
        // The same correction again, never sent (its enqueue was refused, or it is still queued): queued again,
        // which sends it at most once, rather than a correction nothing will ever send.
        boolean unsentCorrection = existing.filter(head -> deliveryId.equals(head.delivery().correctionOf())
                && head.projection().dispatchedAttempt() == 0).isPresent();
        if (existing.isPresent() && !unsentCorrection) {
            throw ProblemException.conflict("recipient-already-has-delivery",
                    "Ce courrier a déjà été adressé à « " + address + " ».");
        }
        if (existing.isEmpty()) {
            deliveries.createIfAbsent(correction, thread.letter());
        }
        dispatchQueue.enqueue(List.of(new DispatchQueue.Dispatch(correction.id(), 1)));
        return threads.thread(agent, correction.id());
    }
}
