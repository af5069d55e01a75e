package fr.messagerie.app;

import fr.messagerie.domain.Organism;

import java.util.Optional;

/** The organisms register, keyed by organism id. */
public interface OrganismStore {
    Optional<Organism> find(String organismId);

    void save(Organism organism);
}
