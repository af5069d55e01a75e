package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.common.ProblemException;
import fr.messagerie.delivery.Delivery;

import java.util.Optional;

/**
 * An agent only reaches the consultations, and so the letters and deliveries, of their own organism. Another
 * organism's letter or delivery is answered exactly as one that does not exist (404, same code, same message), so
 * that no id tells an agent what exists elsewhere; consultations need no check, their ids being scoped per organism.
 */
public final class Access {
    private Access() {
    }

    public static Letter letter(Agent agent, Optional<Letter> letter) {
        return letter.filter(l -> agent.belongsTo(l.organismId())).orElseThrow(Access::letterNotFound);
    }

    public static Delivery delivery(Agent agent, Optional<Delivery> delivery) {
        return delivery.filter(d -> agent.belongsTo(d.organismId())).orElseThrow(Access::deliveryNotFound);
    }

    public static ProblemException consultationNotFound() {
        return ProblemException.notFound("consultation-not-found",
                "Consultation introuvable : elle n'a pas encore été transmise par la plate-forme.");
    }

    public static ProblemException letterNotFound() {
        return ProblemException.notFound("letter-not-found", "Courrier introuvable.");
    }

    public static ProblemException deliveryNotFound() {
        return ProblemException.notFound("delivery-not-found", "Échange introuvable.");
    }
}
