package fr.messagerie.consultations;

import fr.messagerie.common.Organism;
import fr.messagerie.common.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The organisms register as the platform feeds it: the name every letter shows, checked before it is kept. */
class UpsertOrganismTest {
    private final InMemoryOrganismStore store = new InMemoryOrganismStore();
    private final UpsertOrganism organisms = new UpsertOrganism(store);

    @Test
    void an_organism_is_registered_under_its_id_with_its_name_stripped() {
        Organism organism = organisms.upsert("ville-de-lyon", new UpsertOrganism.OrganismInput("  Ville de Lyon \n"));

        assertEquals(new Organism("ville-de-lyon", "Ville de Lyon"), organism);
        assertEquals(Optional.of(organism), store.find("ville-de-lyon"));
    }

    @Test
    void pushing_an_organism_again_renames_it() {
        organisms.upsert("ORG_1", new UpsertOrganism.OrganismInput("Mairie de Trifouilly"));
        organisms.upsert("ORG_1", new UpsertOrganism.OrganismInput("Commune nouvelle de Trifouilly"));

        assertEquals("Commune nouvelle de Trifouilly", store.find("ORG_1").orElseThrow().name());
        assertEquals(1, store.size());
    }

    @Test
    void an_id_that_cannot_start_a_storage_key_is_refused_and_nothing_is_written() {
        for (String id : new String[] {null, "", "a#b", "-abc", "mairie/paris", "é-cole", "x".repeat(65)}) {
            ProblemException refusal = assertThrows(ProblemException.class,
                    () -> organisms.upsert(id, new UpsertOrganism.OrganismInput("Mairie")), "id " + id);
            assertEquals(400, refusal.status());
            assertEquals("invalid-organism-id", refusal.code());
            assertEquals("organismId", refusal.violations().get(0).field());
            assertEquals("Identifiant d'organisme invalide : 1 à 64 lettres non accentuées, chiffres, points, tirets "
                    + "ou soulignés.", refusal.violations().get(0).message());
        }
        assertEquals(0, store.size());
    }

    @Test
    void the_longest_id_and_the_usual_characters_are_accepted() {
        String id = "a" + "b.c-d_9".repeat(9);
        assertEquals(64, id.length());
        organisms.upsert(id, new UpsertOrganism.OrganismInput("Département"));
        assertEquals("Département", store.find(id).orElseThrow().name());
    }

    @Test
    void an_organism_needs_a_name() {
        for (String name : new String[] {null, "", "   \t"}) {
            ProblemException refusal = assertThrows(ProblemException.class,
                    () -> organisms.upsert("ORG", new UpsertOrganism.OrganismInput(name)));
            assertEquals(400, refusal.status());
            assertEquals("name-required", refusal.code());
            assertEquals("Le nom de l'organisme est obligatoire.", refusal.violations().get(0).message());
        }
        assertEquals(0, store.size());
    }

    @Test
    void a_name_is_300_characters_at_most_once_stripped() {
        organisms.upsert("ORG", new UpsertOrganism.OrganismInput(" " + "n".repeat(300) + " "));
        assertEquals(300, store.find("ORG").orElseThrow().name().length());

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> organisms.upsert("ORG", new UpsertOrganism.OrganismInput("n".repeat(301))));
        assertEquals("name-too-long", refusal.code());
        assertEquals("Le nom de l'organisme est trop long (300 caractères au plus).",
                refusal.violations().get(0).message());
        assertEquals(300, store.find("ORG").orElseThrow().name().length(), "the registered name is kept");
    }
}
