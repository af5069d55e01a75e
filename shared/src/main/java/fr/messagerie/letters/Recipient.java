package fr.messagerie.letters;

import fr.messagerie.consultations.Register;
/**
 * One recipient of a letter. {@code source} tells where the agent took it from: a register, or
 * {@link Register#FREE_RECIPIENTS} for an address typed or pasted by hand.
 */
public record Recipient(String email, String name, String company, Register source) {

    public static Recipient typed(String email) {
        return new Recipient(email, null, null, Register.FREE_RECIPIENTS);
    }

    /** Case-insensitive identity used for de-duplication and for a company's history. */
    public String key() {
        return email.toLowerCase(java.util.Locale.ROOT);
    }
}
