package fr.messagerie.consultations;

import fr.messagerie.common.Organism;

import java.util.Optional;

/** The organisms register, keyed by organism id. */
public interface OrganismStore {
    Optional<Organism> find(String organismId);

    void save(Organism organism);
}
