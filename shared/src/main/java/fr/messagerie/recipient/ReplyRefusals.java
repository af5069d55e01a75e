package fr.messagerie.recipient;

import fr.messagerie.common.Bounds;
import fr.messagerie.common.ParisTime;
import fr.messagerie.common.ProblemException;
import fr.messagerie.files.AttachmentRules;

/** Why a reply, or a change to its files, is refused: the codes and the texts the company reads, in one place. */
final class ReplyRefusals {
    private static final String ALREADY_SENT = "Une réponse a déjà été envoyée pour ce courrier.";

    private ReplyRefusals() {
    }

    /** The reply form is closed ({@link Exchange#canReply} is false): already answered, no reply called, too late. */
    static ProblemException closed(Exchange exchange) {
        if (exchange.reply().isPresent()) {
            return alreadySent();
        }
        if (!exchange.letter().replyOptions().allowed()) {
            return ProblemException.conflict("reply-not-allowed", "Ce courrier n'appelle pas de réponse.");
        }
        return ProblemException.conflict("reply-deadline-passed", "La date limite de réponse ("
                + ParisTime.deadline(exchange.letter().replyOptions().deadline())
                + ") est dépassée : il n'est plus possible de répondre à ce courrier.");
    }

    static ProblemException alreadySent() {
        return ProblemException.conflict("reply-already-sent", ALREADY_SENT);
    }

    static ProblemException filesLocked() {
        return ProblemException.conflict("reply-already-sent", "La réponse est envoyée : ses fichiers ne peuvent "
                + "plus être retirés.");
    }

    static ProblemException tooLong(long bytes) {
        return ProblemException.badRequest("reply-too-long", "body", "La réponse est trop longue : "
                + AttachmentRules.size(Bounds.MAX_REPLY_BYTES) + " au plus une fois mise en forme ("
                + AttachmentRules.size(bytes) + " reçus ; un caractère accentué compte 2 octets, « € » 3).");
    }
}
