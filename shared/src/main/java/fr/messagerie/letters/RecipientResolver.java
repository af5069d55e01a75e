package fr.messagerie.letters;

import fr.messagerie.common.Bounds;
import fr.messagerie.common.EmailAddresses;
import fr.messagerie.common.Inputs;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.Contact;
import fr.messagerie.consultations.Register;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns what an agent picked (whole registers, single contacts, a pasted list of addresses) into the letter's
 * recipients, de-duplicated case-insensitively: the first mention wins, completed by the name and company of a
 * later one.
 */
final class RecipientResolver {
    private RecipientResolver() {
    }

    static List<Recipient> resolve(Consultation consultation, Supplier<List<Contact>> freeRecipients,
                                   DraftInput.RecipientsInput input, List<Violation> violations) {
        Map<String, Recipient> recipients = new LinkedHashMap<>();
        List<String> invalid = new ArrayList<>();
        List<DraftInput.ContactInput> contacts = input.contacts() == null ? List.of() : input.contacts();
        if (contacts.size() > LetterRules.MAX_RECIPIENTS) {
            // Counted before anything is resolved: the rules count again once duplicates are merged.
            throw ProblemException.badRequest("too-many-recipients", "recipients.contacts", "Un courrier ne peut pas "
                    + "avoir plus de " + LetterRules.MAX_RECIPIENTS + " destinataires (" + contacts.size()
                    + " contacts demandés).");
        }
        List<String> unknownRegisters = new ArrayList<>();
        // A register named twice counts once.
        for (String code : new LinkedHashSet<>(input.registers() == null ? List.<String>of() : input.registers())) {
            Register register = Register.of(code).orElse(null);
            if (register == null) {
                unknownRegisters.add(String.valueOf(code));
                continue;
            }
            List<Contact> registered = register == Register.FREE_RECIPIENTS
                    ? freeRecipients.get() : consultation.register(register);
            registered.forEach(c -> add(recipients, new Recipient(c.email(), c.name(), c.company(), register)));
        }
        if (!unknownRegisters.isEmpty()) {
            violations.add(new Violation("unknown-register", "recipients.registers",
                    (unknownRegisters.size() == 1 ? "Registre inconnu : " : "Registres inconnus : ")
                            + Inputs.quoted(unknownRegisters) + ". Registres possibles : " + Register.codes()
                            + "."));
        }
        for (int i = 0; i < contacts.size(); i++) {
            DraftInput.ContactInput contact = contacts.get(i);
            String field = "recipients.contacts[" + i + "]";
            if (contact == null) {
                violations.add(new Violation("invalid-request-body", field, "Contact vide à la position " + (i + 1)
                        + " de recipients.contacts : un objet {email, name, company, register} est attendu."));
                continue;
            }
            if (Bounds.contactTooLong(contact.name(), contact.company(), field, violations)) {
                continue;
            }
            String email = contact.email() == null ? "" : contact.email().trim();
            if (!EmailAddresses.isValid(email)) {
                invalid.add(email);
                continue;
            }
            Register register = contact.register() == null ? Register.FREE_RECIPIENTS
                    : Register.of(contact.register()).orElse(null);
            if (register == null) {
                violations.add(new Violation("unknown-register", field + ".register", "Registre inconnu : « "
                        + Inputs.shown(contact.register()) + " ». Registres possibles : " + Register.codes()
                        + "."));
                continue;
            }
            add(recipients, new Recipient(email, blankToNull(contact.name()), blankToNull(contact.company()), register));
        }
        EmailAddresses.ParsedAddresses typed = EmailAddresses.parse(input.addresses());
        invalid.addAll(typed.invalid());
        typed.valid().forEach(address -> add(recipients, Recipient.typed(address)));
        if (!invalid.isEmpty()) {
            violations.add(new Violation("invalid-recipient-address", "recipients",
                    (invalid.size() == 1 ? "Adresse électronique invalide : " : "Adresses électroniques invalides : ")
                            + Inputs.quoted(invalid) + "."));
        }
        return List.copyOf(recipients.values());
    }

    private static void add(Map<String, Recipient> recipients, Recipient recipient) {
        recipients.merge(recipient.key(), recipient, (first, later) -> new Recipient(first.email(),
                first.name() != null ? first.name() : later.name(),
                first.company() != null ? first.company() : later.company(),
                first.source()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
