package fr.messagerie.letters;

import java.util.Arrays;
import java.util.Optional;

/** The nine letter types ("types de courrier"), each with its default template. */
public enum LetterType {
    COURRIER_LIBRE("Courrier libre", SendMode.ACCESS_LINK, ReplyOptions.NONE,
            "Réf. {reference} - Courrier libre",
            paragraph("Bonjour,") + paragraph("[Contenu du message à renseigner]") + Bodies.CLOSING),
    INVITATION_A_CONCOURIR("Invitation à concourir", SendMode.ACCESS_LINK, ReplyOptions.NONE,
            "Réf. {reference} - Invitation à concourir",
            paragraph("Bonjour,")
                    + paragraph("À l'issue de l'examen des candidatures, nous avons le plaisir de vous inviter à "
                            + "remettre une offre pour la consultation citée en référence.")
                    + paragraph("Les documents de la consultation sont accessibles par le lien direct figurant "
                            + "ci-dessous. Votre offre devra être remise avant la date et l'heure limites indiquées.")
                    + Bodies.CLOSING),
    MODIFICATION("Information de modification de la consultation", SendMode.ACCESS_LINK, ReplyOptions.NONE,
            "Réf. {reference} - Information de modification de la consultation",
            paragraph("Bonjour,")
                    + paragraph("La consultation citée en référence a été modifiée.")
                    + paragraph("Merci de prendre connaissance de ces modifications, via le fichier dédié joint au "
                            + "présent courrier et les documents de la consultation mis à jour.")
                    + Bodies.CLOSING),
    REPONSE_QUESTION("Réponse à une question", SendMode.ACCESS_LINK, ReplyOptions.NONE,
            "Réf. {reference} - Réponse à une question",
            paragraph("Bonjour,")
                    + paragraph("Suite à votre question concernant la consultation citée en référence, nous vous "
                            + "apportons la réponse suivante :")
                    + paragraph("[Réponse à renseigner]")
                    + Bodies.CLOSING),
    DEMANDE_COMPLEMENT("Demande de complément", SendMode.ACCESS_LINK, ReplyOptions.ALLOWED,
            "Réf. {reference} - Demande de complément relative à votre offre",
            paragraph("Bonjour,")
                    + paragraph("Nous vous remercions d'avoir répondu à la consultation citée en référence.")
                    + paragraph("Après analyse, il vous est demandé d'apporter les précisions présentées dans le "
                            + "fichier joint au présent message.")
                    + Bodies.CLOSING),
    ATTRIBUTION("Courrier d'attribution", SendMode.ACCESS_LINK, ReplyOptions.NONE,
            "Réf. {reference} - Courrier d'attribution",
            paragraph("Bonjour,")
                    + paragraph("J'ai l'honneur de vous informer que vous avez été désigné attributaire de la "
                            + "consultation citée en référence.")
                    + paragraph("Les pièces nécessaires à la signature du marché vous seront demandées "
                            + "prochainement.")
                    + Bodies.CLOSING),
    NOTIFICATION("Courrier de notification", SendMode.ACCESS_LINK, ReplyOptions.NONE,
            "Réf. {reference} - Courrier de notification",
            paragraph("Bonjour,")
                    + paragraph("Nous avons l'honneur de vous notifier le marché relatif à la consultation citée "
                            + "en référence.")
                    + paragraph("Vous trouverez ci-joint les pièces contractuelles signées. La date de réception "
                            + "du présent courrier vaut date de notification.")
                    + Bodies.CLOSING),
    REJET("Courrier de rejet", SendMode.ACCESS_LINK, ReplyOptions.NONE,
            "Réf. {reference} - Courrier de rejet",
            paragraph("Bonjour,")
                    + paragraph("Nous vous remercions d'avoir répondu à la consultation citée en référence.<br>"
                            + "Nous sommes toutefois au regret de vous annoncer que votre réponse n'a pas été "
                            + "retenue.")
                    + Bodies.CLOSING),
    ANNULATION("Information d'annulation de la consultation", SendMode.ACCESS_LINK, ReplyOptions.NONE,
            "Réf. {reference} - Information d'annulation de la consultation",
            paragraph("Bonjour,")
                    + paragraph("Nous vous informons que la consultation citée en référence est annulée et ne "
                            + "sera pas poursuivie.")
                    + paragraph("Nous vous remercions pour le temps consacré à cette consultation.")
                    + Bodies.CLOSING);

    private final String label;
    private final LetterTemplate template;

    LetterType(String label, SendMode sendMode, ReplyOptions replyOptions, String subject, String body) {
        this.label = label;
        this.template = new LetterTemplate(sendMode, replyOptions, subject, body);
    }

    public String label() {
        return label;
    }

    public LetterTemplate template() {
        return template;
    }

    public static Optional<LetterType> parse(String code) {
        return Arrays.stream(values()).filter(t -> t.name().equals(code)).findFirst();
    }

    private static String paragraph(String text) {
        return "<p>" + text + "</p>";
    }

    private static final class Bodies {
        static final String CLOSING = "<p>Merci de votre intérêt pour cette consultation.<br>"
                + "La plate-forme de dématérialisation des marchés publics</p>";
    }
}
