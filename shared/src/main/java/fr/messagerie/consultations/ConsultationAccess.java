package fr.messagerie.consultations;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Organism;
import fr.messagerie.common.Reads;
import fr.messagerie.letters.Access;

import java.util.Optional;
import java.util.concurrent.Future;

/**
 * The rule every agent's action on a consultation starts with: a consultation is identified within its organism, so
 * agents reach those of the organism of their token, by id; another organism's is simply not found there.
 */
public final class ConsultationAccess {
    private final ConsultationStore store;
    private final OrganismStore organisms;

    public ConsultationAccess(ConsultationStore store, OrganismStore organisms) {
        this.store = store;
        this.organisms = organisms;
    }

    public Consultation find(Agent agent, String consultationId) {
        return find(agent.organismId(), consultationId);
    }

    public Consultation find(String organismId, String consultationId) {
        return store.find(organismId, consultationId).filter(c -> c.organismId().equals(organismId))
                .orElseThrow(Access::consultationNotFound);
    }

    /** The same, with the organism's registered name. */
    public Consultation named(Agent agent, String consultationId) {
        Consultation consultation = find(agent, consultationId);
        return consultation.named(organisms.find(consultation.organismId()).map(Organism::name).orElse(null));
    }

    /** The consultation block a letter freezes when it is sent: as it is now, with its organism's name now. */
    public Consultation blockAsSent(String organismId, String consultationId) {
        // The organism's read runs beside the consultation's: both keys are known, and it only reads.
        Future<Optional<Organism>> organism = Reads.start(() -> organisms.find(organismId));
        Consultation consultation = find(organismId, consultationId);
        return consultation.named(Reads.joined(organism).map(Organism::name).orElse(null)).block();
    }
}
