package fr.messagerie.consultations;

import fr.messagerie.common.Organism;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The organisms register in memory, as the DynamoDB store keeps it: one record per id, a save replaces it. */
public final class InMemoryOrganismStore implements OrganismStore {
    private final Map<String, Organism> organisms = new ConcurrentHashMap<>();

    public InMemoryOrganismStore() {
    }

    /** A register already holding these organisms. */
    public InMemoryOrganismStore(Organism... organisms) {
        for (Organism organism : organisms) {
            save(organism);
        }
    }

    @Override
    public Optional<Organism> find(String organismId) {
        return organismId == null ? Optional.empty() : Optional.ofNullable(organisms.get(organismId));
    }

    @Override
    public void save(Organism organism) {
        organisms.put(organism.id(), organism);
    }

    /** How many organisms are registered. */
    public int size() {
        return organisms.size();
    }
}
