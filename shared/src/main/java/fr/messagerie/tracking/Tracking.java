package fr.messagerie.tracking;

import fr.messagerie.common.Agent;
import fr.messagerie.common.EmailAddresses;
import fr.messagerie.common.ProblemException;
import fr.messagerie.consultations.Consultations;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.delivery.StatusProjection;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterStore;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.SendLetter;
import fr.messagerie.letters.SendMode;
import fr.messagerie.recipient.ReplyForAgent;
import fr.messagerie.tracking.Threads.Thread;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's follow-up of a consultation's exchanges: the tracking list, drafts, the thread of one delivery,
 * favourites, reading a reply, and resending an undelivered letter.
 */
public final class Tracking {
    private final Consultations consultations;
    private final TrackingStore tracking;
    private final DeliveryStore deliveries;
    private final RecordDeliveryEvent log;
    private final LetterStore letters;
    private final DispatchQueue dispatchQueue;
    private final Clock clock;
    private final Threads threads;

    public Tracking(Consultations consultations, TrackingStore tracking, DeliveryStore deliveries, LetterStore letters,
                    DispatchQueue dispatchQueue, Clock clock) {
        this.consultations = consultations;
        this.tracking = tracking;
        this.deliveries = deliveries;
        this.log = new RecordDeliveryEvent(deliveries);
        this.letters = letters;
        this.dispatchQueue = dispatchQueue;
        this.clock = clock;
        this.threads = new Threads(deliveries, letters, clock);
    }

    /** The reads and their order: {@link TrackingListReads}. */
    public TrackingQuery.Page list(Agent agent, String consultationId, TrackingQuery query) {
        return new TrackingListReads(tracking).list(agent.organismId(), consultationId, query);
    }

    public List<Letter> drafts(Agent agent, String consultationId) {
        return letters.drafts(consultations.find(agent, consultationId).organismId(), consultationId);
    }

    public Thread thread(Agent agent, String deliveryId) {
        return threads.thread(agent, deliveryId);
    }

    public void favorite(Agent agent, String deliveryId, boolean favorite) {
        threads.delivery(agent, deliveryId);
        tracking.setFavorite(deliveryId, favorite);
    }

    /** "Réponse lue": recorded once, with the agent who first opened the reply; never while it is sealed. */
    public Thread markReplyRead(Agent agent, String deliveryId) {
        Thread thread = thread(agent, deliveryId);
        ReplyForAgent reply = thread.reply().orElseThrow(() -> ProblemException.conflict("no-reply",
                "Le destinataire n'a pas encore répondu à ce courrier."));
        if (reply.sealed()) {
            throw ProblemException.forbidden("reply-sealed", reply.sealedNotice());
        }
        log.record(deliveryId, new DeliveryEvent("reply-read:" + deliveryId, EventType.REPLY_READ,
                clock.instant(), StatusProjection.latestAttempt(thread.events()), agent.id(),
                Map.of(DeliveryEvent.AGENT_NAME, agent.displayName())));
        return thread(agent, deliveryId);
    }

    /**
     * "Lien d'accès désactivé": every page of the delivery's link answers "Lien invalide ou expiré" from then on.
     * Recorded once, with the agent, in the thread and the proof; the status stays what it was.
     */
    public Thread revokeLink(Agent agent, String deliveryId) {
        Thread thread = thread(agent, deliveryId);
        if (thread.letter().sendMode() != SendMode.ACCESS_LINK) {
            throw ProblemException.conflict("no-access-link", "Ce courrier a été envoyé par courrier électronique "
                    + "simple : il n'a pas de lien d'accès à désactiver.");
        }
        log.record(deliveryId, new DeliveryEvent("link-revoked:" + deliveryId, EventType.LINK_REVOKED,
                clock.instant(), StatusProjection.latestAttempt(thread.events()), agent.id(),
                Map.of(DeliveryEvent.AGENT_NAME, agent.displayName())));
        return thread(agent, deliveryId);
    }

    /**
     * "Relance d'un courrier non délivré": the same letter again, as a new attempt with its own events; or, with a
     * corrected address, as a new delivery linked to the first.
     */
    public Thread resend(Agent agent, String deliveryId, String correctedAddress) {
        Thread thread = thread(agent, deliveryId);
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
            return thread(agent, deliveryId);
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
        Delivery correction = new Delivery(SendLetter.deliveryId(delivery.letterId(), corrected),
                delivery.letterId(), delivery.consultationId(), delivery.organismId(), corrected, clock.instant(),
                delivery.id());
        Optional<DeliveryStore.LogHead> existing = deliveries.head(correction.id());
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
        return thread(agent, correction.id());
    }
}
