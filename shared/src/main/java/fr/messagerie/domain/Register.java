package fr.messagerie.domain;

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
}
