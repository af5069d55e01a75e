package fr.messagerie.recipient;

import fr.messagerie.common.ParisTime;
import fr.messagerie.letters.ReplyOptions;

import java.time.Instant;

/**
 * "L'accès par les agents au contenu de la réponse du destinataire est bloqué jusqu'à cette date": the one place that
 * decides whether an agent may see a reply's body and files. Every agent-facing output asks it.
 */
public final class ReplySealing {
    private ReplySealing() {
    }

    public static boolean isSealed(ReplyOptions options, Instant now) {
        // The same boundary as the reply's: sealed while replies are still accepted, open from the deadline itself.
        return options.sealed() && options.isBeforeDeadline(now);
    }

    /** What an agent reads instead of a sealed reply. */
    public static String notice(ReplyOptions options) {
        return "Le contenu de la réponse sera accessible après le " + ParisTime.deadline(options.deadline()) + ".";
    }
}
