package fr.messagerie.consultations;

import fr.messagerie.common.Organism;
import fr.messagerie.common.ProblemException;

/** The organisms register, fed by the procurement platform: the names letters, pages and proofs show. */
public final class UpsertOrganism {
    private static final int MAX_NAME_LENGTH = 300;

    private final OrganismStore store;

    public UpsertOrganism(OrganismStore store) {
        this.store = store;
    }

    /** @param name the organism's name as the platform registers it */
    public record OrganismInput(String name) {
    }

    public Organism upsert(String organismId, OrganismInput input) {
        if (!Organism.isValidId(organismId)) {
            throw ProblemException.badRequest("invalid-organism-id", "organismId", "Identifiant d'organisme invalide : "
                    + "1 à 64 lettres non accentuées, chiffres, points, tirets ou soulignés.");
        }
        String name = input.name() == null ? "" : input.name().strip();
        if (name.isEmpty()) {
            throw ProblemException.badRequest("name-required", "name", "Le nom de l'organisme est obligatoire.");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw ProblemException.badRequest("name-too-long", "name", "Le nom de l'organisme est trop long ("
                    + MAX_NAME_LENGTH + " caractères au plus).");
        }
        Organism organism = new Organism(organismId, name);
        store.save(organism);
        return organism;
    }
}
