package fr.messagerie.letters;

/** "Modalité d'envoi" of a letter. */
public enum SendMode {
    ACCESS_LINK("Courrier électronique avec accusé de réception généré lors de l'accès au contenu du courrier"),
    SIMPLE("Courrier électronique simple sans accusé de réception");

    private final String label;

    SendMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
