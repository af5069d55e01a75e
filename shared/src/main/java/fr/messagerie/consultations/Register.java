package fr.messagerie.consultations;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The five recipient registers of a consultation. */
public enum Register {
    PREVIOUS_PHASE("Destinataires issus d'une phase précédente"),
    WITHDRAWALS("Registre des retraits"),
    QUESTIONS("Registre des questions"),
    DEPOSITS("Registre des dépôts"),
    /** Fed automatically by sends with addresses typed by an agent. */
    FREE_RECIPIENTS("Destinataires libres saisis précédemment");

    private final String label;

    Register(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Register> of(String code) {
        return Arrays.stream(values()).filter(r -> r.name().equals(code)).findFirst();
    }

    /** The codes, as a refusal lists them. */
    public static String codes() {
        return Arrays.stream(values()).map(Register::name).collect(Collectors.joining(", "));
    }
}
