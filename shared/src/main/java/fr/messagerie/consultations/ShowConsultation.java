package fr.messagerie.consultations;

import fr.messagerie.common.Agent;

/** A consultation of the agent's organism, with the organism's registered name. */
public final class ShowConsultation {
    private final ConsultationAccess access;

    public ShowConsultation(ConsultationAccess access) {
        this.access = access;
    }

    public Consultation show(Agent agent, String consultationId) {
        return access.named(agent, consultationId);
    }
}
