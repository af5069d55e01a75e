package fr.messagerie.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The rules a letter must follow to be saved as a draft, and to be sent. */
public final class LetterRules {
    public static final int MAX_SUBJECT_LENGTH = 250;
    public static final int MAX_BODY_LENGTH = 200_000;
    public static final int MAX_RECIPIENTS = 2_000;

    private LetterRules() {
    }

    /** What a draft must already respect: coherent options, a reply deadline in the future, sizes. */
    public static List<Violation> checkDraft(SendMode mode, ReplyOptions reply, String subject, String body, int recipients,
                                             Instant now) {
        List<Violation> violations = new ArrayList<>();
        if (mode == SendMode.SIMPLE && !reply.isNone()) {
            violations.add(new Violation("reply-options-require-access-link", "replyOptions",
                    "Les options de réponse ne sont possibles qu'avec un courrier électronique avec accusé de "
                            + "réception : un courrier électronique simple ne permet pas au destinataire de répondre."));
        }
        if (reply.deadline() != null && !reply.allowed()) {
            violations.add(new Violation("reply-deadline-requires-reply", "replyOptions.deadline",
                    "Une date limite de réponse ne peut être définie que si le destinataire peut répondre."));
        }
        if (reply.sealed() && reply.deadline() == null) {
            violations.add(new Violation("sealed-reply-requires-deadline", "replyOptions.sealed",
                    "Le blocage de l'accès au contenu de la réponse nécessite une date limite de réponse."));
        }
        if (reply.deadline() != null && !reply.deadline().isAfter(now)) {
            violations.add(new Violation("reply-deadline-in-past", "replyOptions.deadline",
                    "La date limite de réponse (" + ParisTime.minute(reply.deadline()) + ") est déjà passée : "
                            + "choisissez une date à venir."));
        }
        if (subject == null || subject.isBlank()) {
            violations.add(new Violation("subject-required", "subject", "L'objet du courrier est obligatoire."));
        } else if (subject.length() > MAX_SUBJECT_LENGTH) {
            violations.add(new Violation("subject-too-long", "subject",
                    "L'objet du courrier ne doit pas dépasser " + MAX_SUBJECT_LENGTH + " caractères."));
        }
        if (body == null || RichText.isBlank(body)) {
            violations.add(new Violation("body-required", "body", "Le corps du courrier est obligatoire."));
        } else if (body.length() > MAX_BODY_LENGTH) {
            violations.add(new Violation("body-too-large", "body",
                    "Le corps du courrier est trop long (" + MAX_BODY_LENGTH + " caractères au plus)."));
        }
        if (recipients > MAX_RECIPIENTS) {
            violations.add(new Violation("too-many-recipients", "recipients",
                    "Un courrier ne peut pas avoir plus de " + MAX_RECIPIENTS + " destinataires (" + recipients
                            + " demandés)."));
        }
        return violations;
    }

    /** Everything a draft must respect, plus what sending needs: at least one recipient. */
    public static List<Violation> checkSendable(Letter letter, Instant now) {
        List<Violation> violations = new ArrayList<>(checkDraft(letter.sendMode(), letter.replyOptions(),
                letter.subject(), letter.body(), letter.recipients().size(), now));
        if (letter.recipients().isEmpty()) {
            violations.add(new Violation("recipients-required", "recipients",
                    "Ajoutez au moins un destinataire avant d'envoyer le courrier."));
        }
        return violations;
    }
}
