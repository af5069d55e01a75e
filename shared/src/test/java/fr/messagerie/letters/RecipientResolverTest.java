package fr.messagerie.letters;

import fr.messagerie.common.Violation;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.Contact;
import fr.messagerie.consultations.Register;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecipientResolverTest {
    private static final Consultation CONSULTATION = new Consultation("c1", "org", "REF", "Titre", null, null, null,
            null, null, Map.of(
            Register.WITHDRAWALS, List.of(new Contact("DUPONT Gregory", "ATEXO", "gregory@atexo.com"),
                    new Contact("ROBERT Bernard", "LOCAL TRUST", "bernard.robert@local-trust.com")),
            Register.DEPOSITS, List.of(new Contact("FOURNIER Paul", "FORPRO CORPORATION", "paul.fournier@forpro.fr"))));

    private static DraftInput.RecipientsInput input(String addresses, List<String> registers,
                                                    List<DraftInput.ContactInput> contacts) {
        return new DraftInput.RecipientsInput(addresses, registers, contacts);
    }

    @Test
    void a_whole_register_single_contacts_and_a_pasted_list_make_one_list_without_duplicates() {
        List<Violation> violations = new ArrayList<>();
        List<Recipient> recipients = RecipientResolver.resolve(CONSULTATION,
                () -> List.of(new Contact(null, null, "libre@exemple.fr")),
                input("GREGORY@atexo.com; nouveau@exemple.fr,\nlibre@exemple.fr",
                        List.of("WITHDRAWALS", "FREE_RECIPIENTS"),
                        List.of(new DraftInput.ContactInput("paul.fournier@forpro.fr", null, null, "DEPOSITS"))),
                violations);
        assertTrue(violations.isEmpty(), violations::toString);
        assertEquals(List.of("gregory@atexo.com", "bernard.robert@local-trust.com", "libre@exemple.fr",
                "paul.fournier@forpro.fr", "nouveau@exemple.fr"), recipients.stream().map(Recipient::email).toList());
        assertEquals("DUPONT Gregory", recipients.get(0).name());
        assertEquals(Register.WITHDRAWALS, recipients.get(0).source());
        assertEquals(Register.FREE_RECIPIENTS, recipients.get(4).source());
    }

    @Test
    void a_typed_address_gets_the_name_a_register_knows() {
        List<Recipient> recipients = RecipientResolver.resolve(CONSULTATION, List::of,
                input(null, null, List.of(new DraftInput.ContactInput("Paul.Fournier@forpro.fr", null, null, null),
                        new DraftInput.ContactInput("paul.fournier@forpro.fr", "FOURNIER Paul", "FORPRO", "DEPOSITS"))),
                new ArrayList<>());
        assertEquals(1, recipients.size());
        assertEquals("Paul.Fournier@forpro.fr", recipients.get(0).email());
        assertEquals("FOURNIER Paul", recipients.get(0).name());
        assertEquals("FORPRO", recipients.get(0).company());
    }

    @Test
    void invalid_addresses_and_unknown_registers_are_all_reported() {
        List<Violation> violations = new ArrayList<>();
        RecipientResolver.resolve(CONSULTATION, List::of, input("ok@exemple.fr pas-une-adresse; x@y",
                List.of("INCONNU"), List.of(new DraftInput.ContactInput("faux@", null, null, null))), violations);
        assertEquals(List.of("unknown-register", "invalid-recipient-address"),
                violations.stream().map(Violation::code).toList());
        String message = violations.get(1).message();
        assertTrue(message.contains("« pas-une-adresse »") && message.contains("« x@y »")
                && message.contains("« faux@ »"), message);
    }
}
