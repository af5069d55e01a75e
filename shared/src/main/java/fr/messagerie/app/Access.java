package fr.messagerie.app;

import fr.messagerie.domain.Agent;
import fr.messagerie.domain.Consultation;
import fr.messagerie.domain.Letter;

/** An agent only reaches the consultations, and so the letters, of their own organism. */
public final class Access {
    private Access() {
    }

    static void check(Agent agent, Consultation consultation) {
        if (!agent.belongsTo(consultation.organismId())) {
            throw forbidden();
        }
    }

    static void check(Agent agent, Letter letter) {
        if (!agent.belongsTo(letter.organismId())) {
            throw forbidden();
        }
    }

    /** The refusal for a consultation of another organism, wherever it is detected. */
    public static ProblemException forbidden() {
        return ProblemException.forbidden("forbidden-consultation",
                "Cette consultation relève d'un autre organisme que le vôtre : vous n'y avez pas accès.");
    }
}
