package fr.messagerie.consultations;

import fr.messagerie.common.Bounds;
import fr.messagerie.common.EmailAddresses;
import fr.messagerie.common.Inputs;
import fr.messagerie.common.Organism;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.letters.DraftInput;
import fr.messagerie.letters.LetterRules;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The procurement platform's push of a consultation and its registers, for any organism of the register. */
public final class UpsertConsultation {
    private final ConsultationStore store;
    private final OrganismStore organisms;

    public UpsertConsultation(ConsultationStore store, OrganismStore organisms) {
        this.store = store;
        this.organisms = organisms;
    }

    public Consultation upsert(String consultationId, ConsultationInput input) {
        String organismId = input.organismId() == null ? "" : input.organismId().trim();
        if (organismId.isEmpty()) {
            throw ProblemException.badRequest("organism-required", "organismId",
                    "L'organisme de la consultation est obligatoire (organismId).");
        }
        Organism organism = organisms.find(organismId).orElseThrow(() -> ProblemException.badRequest(
                "unknown-organism", "organismId", "Organisme inconnu : « " + organismId + " ». Transmettez-le "
                        + "d'abord au registre des organismes (PUT /organisms/" + organismId + ")."));
        List<Violation> violations = new ArrayList<>();
        require(input.reference(), "reference", "La référence de la consultation est obligatoire.", violations);
        require(input.title(), "title", "L'intitulé de la consultation est obligatoire.", violations);
        Bounds.tooLong(input.reference(), Bounds.MAX_REFERENCE_LENGTH, "reference",
                "La référence de la consultation").ifPresent(violations::add);
        Bounds.tooLong(input.title(), Bounds.MAX_TITLE_LENGTH, "title", "L'intitulé de la consultation")
                .ifPresent(violations::add);
        Bounds.tooLong(input.object(), Bounds.MAX_OBJECT_LENGTH, "object", "L'objet de la consultation")
                .ifPresent(violations::add);
        Bounds.tooLong(input.purchasingEntity(), Bounds.MAX_NAME_LENGTH, "purchasingEntity",
                "Le nom de l'entité d'achat").ifPresent(violations::add);
        Bounds.tooLong(input.directLink(), Bounds.MAX_LINK_LENGTH, "directLink",
                "Le lien direct vers la consultation").ifPresent(violations::add);
        Instant bidDeadline = null;
        if (input.bidDeadline() != null) {
            bidDeadline = Inputs.instant(input.bidDeadline()).orElse(null);
            if (bidDeadline == null) {
                violations.add(new Violation("invalid-bid-deadline", "bidDeadline",
                        "Date limite de remise des plis illisible : « " + Inputs.shown(input.bidDeadline())
                                + " ». Format attendu ISO 8601, par exemple 2026-12-31T17:30:00+01:00, "
                                + Bounds.acceptedYears() + "."));
            }
        }
        if (input.directLink() != null && input.directLink().length() <= Bounds.MAX_LINK_LENGTH
                && !isWebLink(input.directLink())) {
            violations.add(new Violation("invalid-direct-link", "directLink",
                    "Le lien direct vers la consultation doit être une adresse http(s) complète."));
        }
        Map<Register, List<Contact>> registers = registers(input, violations);
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest(violations);
        }
        Consultation consultation = new Consultation(consultationId, organism.id(), input.reference().trim(),
                input.title().trim(), trimmed(input.object()), bidDeadline, organism.name(),
                trimmed(input.purchasingEntity()), trimmed(input.directLink()), registers);
        store.save(consultation);
        return consultation;
    }

    /** Contacts of a consultation, all registers together: as many as a letter may have recipients. */
    public static final int MAX_CONTACTS = LetterRules.MAX_RECIPIENTS;

    private static Map<Register, List<Contact>> registers(ConsultationInput input, List<Violation> violations) {
        Map<Register, List<Contact>> registers = new EnumMap<>(Register.class);
        if (input.registers() == null) {
            return registers;
        }
        int contactCount = input.registers().values().stream().mapToInt(c -> c == null ? 0 : c.size()).sum();
        if (contactCount > MAX_CONTACTS) {
            violations.add(new Violation("too-many-contacts", "registers", "Les registres d'une consultation ne "
                    + "peuvent pas compter plus de " + MAX_CONTACTS + " contacts en tout (" + contactCount
                    + " transmis)."));
            return registers;
        }
        List<String> unknown = new ArrayList<>();
        input.registers().forEach((code, contacts) -> {
            Register register = Register.of(code).orElse(null);
            if (register == null) {
                unknown.add(code);
                return;
            }
            if (register == Register.FREE_RECIPIENTS) {
                violations.add(new Violation("unknown-register", "registers." + code,
                        "Le registre des destinataires libres est alimenté par les envois : il ne se transmet pas."));
                return;
            }
            List<Contact> valid = new ArrayList<>();
            List<String> invalid = new ArrayList<>();
            List<DraftInput.ContactInput> given = contacts == null ? List.of() : contacts;
            for (int i = 0; i < given.size(); i++) {
                DraftInput.ContactInput contact = given.get(i);
                String field = "registers." + code + "[" + i + "]";
                if (contact == null) {
                    violations.add(new Violation("invalid-request-body", field, "Contact vide à la position "
                            + (i + 1) + " du " + register.label().toLowerCase() + "."));
                    continue;
                }
                if (Bounds.contactTooLong(contact.name(), contact.company(), field, violations)) {
                    continue;
                }
                String email = contact.email() == null ? "" : contact.email().trim();
                if (EmailAddresses.isValid(email)) {
                    valid.add(new Contact(trimmed(contact.name()), trimmed(contact.company()), email));
                } else {
                    invalid.add(email);
                }
            }
            if (!invalid.isEmpty()) {
                violations.add(new Violation("invalid-recipient-address", "registers." + code,
                        "Adresse(s) électronique(s) invalide(s) dans le " + register.label().toLowerCase() + " : "
                                + Inputs.quoted(invalid) + "."));
            }
            registers.put(register, valid);
        });
        if (!unknown.isEmpty()) {
            violations.add(new Violation("unknown-register", "registers." + Inputs.shown(unknown.get(0)),
                    (unknown.size() == 1 ? "Registre inconnu : " : "Registres inconnus : ") + Inputs.quoted(unknown)
                            + ". Registres possibles : " + Register.codes() + "."));
        }
        return registers;
    }

    private static void require(String value, String field, String message, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(field + "-required", field, message));
        }
    }

    private static boolean isWebLink(String link) {
        try {
            URI uri = new URI(link.trim());
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
