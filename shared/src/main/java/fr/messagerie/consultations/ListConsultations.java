package fr.messagerie.consultations;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Organism;

import java.util.List;

/** The consultations the agent may reach: those of their organism, with the organism's registered name. */
public final class ListConsultations {
    private final ConsultationStore store;
    private final OrganismStore organisms;

    public ListConsultations(ConsultationStore store, OrganismStore organisms) {
        this.store = store;
        this.organisms = organisms;
    }

    public List<Consultation> list(Agent agent) {
        String organismId = agent.organismId();
        String name = organisms.find(organismId).map(Organism::name).orElse(null);
        return store.ofOrganism(organismId).stream().filter(c -> c.organismId().equals(organismId))
                .map(c -> c.named(name)).toList();
    }
}
