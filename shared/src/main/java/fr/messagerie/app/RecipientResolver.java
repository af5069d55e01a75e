package fr.messagerie.app;

import fr.messagerie.domain.Consultation;
import fr.messagerie.domain.Contact;
import fr.messagerie.domain.EmailAddresses;
import fr.messagerie.domain.Recipient;
import fr.messagerie.domain.Register;
import fr.messagerie.domain.Violation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        for (String code : input.registers() == null ? List.<String>of() : input.registers()) {
            Register register = Inputs.register(code).orElse(null);
            if (register == null) {
                violations.add(new Violation("unknown-register", "recipients.registers", "Registre inconnu : « " + code
                        + " ». Registres possibles : " + Inputs.registerCodes() + "."));
                continue;
            }
            List<Contact> contacts = register == Register.FREE_RECIPIENTS
                    ? freeRecipients.get() : consultation.register(register);
            contacts.forEach(c -> add(recipients, new Recipient(c.email(), c.name(), c.company(), register)));
        }
        for (DraftInput.ContactInput contact : input.contacts() == null ? List.<DraftInput.ContactInput>of()
                : input.contacts()) {
            String email = contact.email() == null ? "" : contact.email().trim();
            if (!EmailAddresses.isValid(email)) {
                invalid.add(email);
                continue;
            }
            Register register = contact.register() == null ? Register.FREE_RECIPIENTS
                    : Inputs.register(contact.register()).orElse(null);
            if (register == null) {
                violations.add(new Violation("unknown-register", "recipients.contacts", "Registre inconnu : « "
                        + contact.register() + " ». Registres possibles : " + Inputs.registerCodes() + "."));
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
