package fr.messagerie.letters;

import fr.messagerie.common.Bounds;
import fr.messagerie.common.ParisTime;
import fr.messagerie.common.Violation;
import fr.messagerie.files.AttachmentRules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The rules a letter must follow to be saved as a draft, and to be sent. */
public final class LetterRules {
    public static final int MAX_SUBJECT_LENGTH = 250;
    /** The body as typed and as stored once sanitized, in bytes (UTF-8): what the stored records are sized on. */
    public static final int MAX_BODY_BYTES = 200 * 1024;
    /** Elements in elements: lists of lists with their formatting; far deeper than the editor makes. */
    public static final int MAX_BODY_DEPTH = 32;
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
        // A deadline that would refuse a reply sent right now is already passed (ReplyOptions#acceptsReplyAt).
        if (reply.isDeadlinePassed(now)) {
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
        long bodyBytes = Bounds.utf8Length(body);
        if (bodyBytes > MAX_BODY_BYTES) {
            // Measured before anything parses it.
            violations.add(bodyTooLarge(bodyBytes));
        } else if (body == null || RichText.isBlank(body)) {
            violations.add(new Violation("body-required", "body", "Le corps du courrier est obligatoire."));
        } else if (RichText.depth(body) > MAX_BODY_DEPTH) {
            violations.add(new Violation("body-too-deep", "body", "La mise en forme du corps du courrier est trop "
                    + "imbriquée (listes dans des listes, styles dans des styles) : " + MAX_BODY_DEPTH
                    + " niveaux au plus."));
        }
        if (recipients > MAX_RECIPIENTS) {
            violations.add(new Violation("too-many-recipients", "recipients",
                    "Un courrier ne peut pas avoir plus de " + MAX_RECIPIENTS + " destinataires (" + recipients
                            + " demandés)."));
        }
        return violations;
    }

    /** The refusal of a body of {@code bytes} bytes, as typed or once formatted. */
    public static Violation bodyTooLarge(long bytes) {
        return new Violation("body-too-large", "body", "Le corps du courrier est trop long : "
                + AttachmentRules.size(MAX_BODY_BYTES) + " au plus une fois mis en forme ("
                + AttachmentRules.size(bytes) + " reçus ; un caractère accentué compte 2 octets, « € » 3).");
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
