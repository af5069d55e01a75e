package fr.messagerie.consultations;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Organism;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.letters.DraftInput.ContactInput;
import fr.messagerie.letters.Recipient;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consultations as the platform pushes them and agents read them, over in-memory stores. */
class ConsultationsTest {
    private final InMemoryOrganismStore organisms = new InMemoryOrganismStore(
            new Organism("lyon", "Ville de Lyon"), new Organism("paris", "Ville de Paris"));
    private final InMemoryConsultationStore store = new InMemoryConsultationStore();
    private final UpsertConsultation upsert = new UpsertConsultation(store, organisms);
    private final ConsultationAccess access = new ConsultationAccess(store, organisms);
    private final ShowConsultation show = new ShowConsultation(access);
    private final ListConsultations list = new ListConsultations(store, organisms);
    private final ShowRegisters showRegisters = new ShowRegisters(access, store);
    private final Agent lyonAgent = new Agent("a1", "Alice Martin", "alice@lyon.fr", "lyon", "Direction des achats");
    private final Agent parisAgent = new Agent("p1", "Paul Durand", "paul@paris.fr", "paris", null);

    private static ConsultationInput input(String organismId) {
        return new ConsultationInput(organismId, "ADO-2026-001", "Travaux de voirie", "Réfection de la rue Mercière",
                "2026-12-31T17:30:00+01:00", "Direction de la voirie", "https://marches.example.fr/ADO-2026-001",
                Map.of("WITHDRAWALS", List.of(new ContactInput(" jean@btp.fr ", " Jean Dupont ", "BTP SA", null))));
    }

    @Test
    void a_pushed_consultation_is_kept_in_its_organism_with_the_organism_registered_name() {
        Consultation pushed = upsert.upsert("ADO-1", input(" lyon "));

        assertEquals("lyon", pushed.organismId());
        assertEquals("Ville de Lyon", pushed.organismName());
        assertEquals(Instant.parse("2026-12-31T16:30:00Z"), pushed.bidDeadline());
        assertEquals(List.of(new Contact("Jean Dupont", "BTP SA", "jean@btp.fr")),
                pushed.register(Register.WITHDRAWALS));
        assertEquals(pushed, store.find("lyon", "ADO-1").orElseThrow());
    }

    @Test
    void texts_are_trimmed_and_blank_optional_ones_dropped() {
        Consultation pushed = upsert.upsert("ADO-1", new ConsultationInput("lyon", "  REF-1 ", " Titre ",
                "  ", null, " ", null, null));
        assertEquals("REF-1", pushed.reference());
        assertEquals("Titre", pushed.title());
        assertNull(pushed.object());
        assertNull(pushed.purchasingEntity());
        assertNull(pushed.bidDeadline());
        assertEquals(Map.of(), pushed.registers());
    }

    @Test
    void a_consultation_needs_its_organism_and_the_organism_must_be_registered_first() {
        ProblemException missing = assertThrows(ProblemException.class,
                () -> upsert.upsert("ADO-1", input("  ")));
        assertEquals(400, missing.status());
        assertEquals("organism-required", missing.code());
        assertEquals("L'organisme de la consultation est obligatoire (organismId).",
                missing.violations().get(0).message());

        ProblemException unknown = assertThrows(ProblemException.class,
                () -> upsert.upsert("ADO-1", input("marseille")));
        assertEquals(400, unknown.status());
        assertEquals("unknown-organism", unknown.code());
        assertEquals("Organisme inconnu : « marseille ». Transmettez-le d'abord au registre des organismes "
                + "(PUT /organisms/marseille).", unknown.violations().get(0).message());
        assertEquals(0, store.saves());
    }

    @Test
    void every_wrong_field_is_reported_at_once_and_nothing_is_written() {
        ConsultationInput wrong = new ConsultationInput("lyon", " ", null, "o".repeat(4_001), "31/12/2026",
                "e".repeat(201), "ftp://marches.example.fr/x", null);

        ProblemException refusal = assertThrows(ProblemException.class, () -> upsert.upsert("ADO-1", wrong));

        assertEquals(400, refusal.status());
        assertEquals(List.of("reference-required", "title-required", "text-too-long", "text-too-long",
                        "invalid-bid-deadline", "invalid-direct-link"),
                refusal.violations().stream().map(Violation::code).toList());
        assertEquals(List.of("reference", "title", "object", "purchasingEntity", "bidDeadline", "directLink"),
                refusal.violations().stream().map(Violation::field).toList());
        assertEquals("L'objet de la consultation ne doit pas dépasser 4000 caractères (4001 reçus).",
                refusal.violations().get(2).message());
        assertEquals("La référence de la consultation est obligatoire.", refusal.violations().get(0).message());
        assertEquals("L'intitulé de la consultation est obligatoire.", refusal.violations().get(1).message());
        assertTrue(refusal.violations().get(4).message().startsWith(
                "Date limite de remise des plis illisible : « 31/12/2026 ». Format attendu ISO 8601"));
        assertEquals("Le lien direct vers la consultation doit être une adresse http(s) complète.",
                refusal.violations().get(5).message());
        assertEquals(0, store.saves());
    }

    @Test
    void a_direct_link_must_be_a_whole_web_address() {
        for (String link : new String[] {"marches.example.fr/ADO-1", "https://", "javascript:alert(1)"}) {
            ProblemException refusal = assertThrows(ProblemException.class, () -> upsert.upsert("ADO-1",
                    new ConsultationInput("lyon", "R", "T", null, null, null, link, null)), link);
            assertEquals("invalid-direct-link", refusal.code(), link);
        }
        assertEquals("http://intranet.lyon.fr/c/1", upsert.upsert("ADO-1",
                new ConsultationInput("lyon", "R", "T", null, null, null, "http://intranet.lyon.fr/c/1", null))
                .directLink());
    }

    @Test
    void registers_are_checked_contact_by_contact_and_by_code() {
        Map<String, List<ContactInput>> registers = new LinkedHashMap<>();
        registers.put("WITHDRAWALS", List.of(new ContactInput("ok@btp.fr", null, null, null),
                new ContactInput("pas-une-adresse", "X", null, null)));
        registers.put("RETRAITS", List.of());
        ProblemException refusal = assertThrows(ProblemException.class, () -> upsert.upsert("ADO-1",
                new ConsultationInput("lyon", "R", "T", null, null, null, null, registers)));

        assertEquals(List.of("invalid-recipient-address", "unknown-register"),
                refusal.violations().stream().map(Violation::code).toList());
        assertEquals("Adresse(s) électronique(s) invalide(s) dans le registre des retraits : « pas-une-adresse ».",
                refusal.violations().get(0).message());
        assertEquals("Registre inconnu : « RETRAITS ». Registres possibles : PREVIOUS_PHASE, WITHDRAWALS, QUESTIONS, "
                + "DEPOSITS, FREE_RECIPIENTS.", refusal.violations().get(1).message());
        assertEquals(0, store.saves());
    }

    @Test
    void the_free_recipients_register_cannot_be_pushed_it_is_fed_by_sends() {
        ProblemException refusal = assertThrows(ProblemException.class, () -> upsert.upsert("ADO-1",
                new ConsultationInput("lyon", "R", "T", null, null, null, null,
                        Map.of("FREE_RECIPIENTS", List.of(new ContactInput("a@b.fr", null, null, null))))));
        assertEquals("unknown-register", refusal.code());
        assertEquals("registers.FREE_RECIPIENTS", refusal.violations().get(0).field());
        assertEquals("Le registre des destinataires libres est alimenté par les envois : il ne se transmet pas.",
                refusal.violations().get(0).message());
    }

    @Test
    void registers_hold_2000_contacts_in_all_at_most() {
        List<ContactInput> many = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            many.add(new ContactInput("c" + i + "@btp.fr", null, null, null));
        }
        ProblemException refusal = assertThrows(ProblemException.class, () -> upsert.upsert("ADO-1",
                new ConsultationInput("lyon", "R", "T", null, null, null, null,
                        Map.of("WITHDRAWALS", many, "DEPOSITS", many))));
        assertEquals("too-many-contacts", refusal.code());
        assertEquals("Les registres d'une consultation ne peuvent pas compter plus de 2000 contacts en tout (2002 "
                + "transmis).", refusal.violations().get(0).message());
        assertEquals(0, store.saves());
    }

    @Test
    void a_consultation_too_large_for_its_record_is_refused_whole() {
        List<ContactInput> heavy = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            heavy.add(new ContactInput("contact" + i + "@entreprise.fr", "N".repeat(200), "C".repeat(200), null));
        }
        ProblemException refusal = assertThrows(ProblemException.class, () -> upsert.upsert("ADO-1",
                new ConsultationInput("lyon", "R", "T", null, null, null, null, Map.of("DEPOSITS", heavy))));
        assertEquals(400, refusal.status());
        assertEquals("consultation-too-large", refusal.code());
        assertTrue(refusal.violations().get(0).message().startsWith("La consultation est trop volumineuse pour être "
                + "enregistrée"), refusal.getMessage());
        assertTrue(store.find("lyon", "ADO-1").isEmpty());
    }

    @Test
    void an_agent_reads_the_consultations_of_their_organism_only() {
        upsert.upsert("ADO-1", input("lyon"));
        upsert.upsert("ADO-1", input("paris"));

        assertEquals("lyon", show.show(lyonAgent, "ADO-1").organismId());
        assertEquals("paris", show.show(parisAgent, "ADO-1").organismId());

        upsert.upsert("ADO-2", new ConsultationInput("lyon", "LYO-2", "T", null, null, null, null, null));
        ProblemException elsewhere = assertThrows(ProblemException.class, () -> show.show(parisAgent,
                "ADO-2"));
        ProblemException nowhere = assertThrows(ProblemException.class, () -> show.show(parisAgent,
                "ADO-404"));
        assertEquals(404, elsewhere.status());
        assertEquals("consultation-not-found", elsewhere.code());
        assertEquals(nowhere.status(), elsewhere.status());
        assertEquals(nowhere.violations(), elsewhere.violations(), "another organism's is answered as a missing one");
        assertEquals("Consultation introuvable : elle n'a pas encore été transmise par la plate-forme.",
                elsewhere.violations().get(0).message());
    }

    @Test
    void the_list_shows_the_organism_consultations_by_reference_with_its_current_name() {
        upsert.upsert("c-b", new ConsultationInput("lyon", "REF-B", "T", null, null, null, null, null));
        upsert.upsert("c-a", new ConsultationInput("lyon", "REF-A", "T", null, null, null, null, null));
        upsert.upsert("c-p", new ConsultationInput("paris", "REF-0", "T", null, null, null, null, null));
        organisms.save(new Organism("lyon", "Métropole de Lyon"));

        List<Consultation> listed = list.list(lyonAgent);

        assertEquals(List.of("c-a", "c-b"), listed.stream().map(Consultation::id).toList());
        assertTrue(listed.stream().allMatch(c -> c.organismName().equals("Métropole de Lyon")));
        assertEquals("Métropole de Lyon", show.show(lyonAgent, "c-a").organismName());
    }

    @Test
    void the_compose_screen_gets_the_five_registers_in_order_with_the_free_recipients_typed_before() {
        upsert.upsert("ADO-1", input("lyon"));
        store.addFreeRecipients("lyon", "ADO-1", List.of(Recipient.typed("zoe@sarl.fr"),
                Recipient.typed("Bob@Sarl.fr")));

        Map<Register, List<Contact>> registers = showRegisters.show(lyonAgent, "ADO-1");

        assertEquals(List.of(Register.values()), List.copyOf(registers.keySet()));
        assertEquals(List.of("jean@btp.fr"), registers.get(Register.WITHDRAWALS).stream().map(Contact::email).toList());
        assertEquals(List.of("Bob@Sarl.fr", "zoe@sarl.fr"),
                registers.get(Register.FREE_RECIPIENTS).stream().map(Contact::email).toList(), "alphabetical");
        assertEquals(List.of(), registers.get(Register.DEPOSITS));
    }

    @Test
    void the_free_recipients_of_another_organism_are_not_reachable() {
        upsert.upsert("ADO-1", input("lyon"));
        store.addFreeRecipients("lyon", "ADO-1", List.of(Recipient.typed("zoe@sarl.fr")));
        ProblemException refusal = assertThrows(ProblemException.class,
                () -> showRegisters.show(parisAgent, "ADO-1"));
        assertEquals("consultation-not-found", refusal.code());
    }

    @Test
    void the_block_a_letter_freezes_has_no_registers_and_the_organism_name_of_now() {
        upsert.upsert("ADO-1", input("lyon"));
        organisms.save(new Organism("lyon", "Métropole de Lyon"));

        Consultation block = access.blockAsSent("lyon", "ADO-1");

        assertEquals(Map.of(), block.registers());
        assertEquals("Métropole de Lyon", block.organismName());
        assertEquals("ADO-2026-001", block.reference());
        assertEquals("https://marches.example.fr/ADO-2026-001", block.directLink());
        assertThrows(ProblemException.class, () -> access.blockAsSent("paris", "ADO-1"));
    }
}
