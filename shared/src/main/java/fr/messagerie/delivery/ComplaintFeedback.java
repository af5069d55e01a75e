package fr.messagerie.delivery;

import java.util.Locale;
import java.util.Map;

/**
 * The feedback types a recipient's provider may give with a complaint (the Feedback-Type of its abuse report, as
 * registered by IANA for the Abuse Reporting Format and listed in the SES developer guide), in plain French.
 */
public final class ComplaintFeedback {

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "abuse", "courrier non sollicité ou abusif",
            "auth-failure", "échec de l'authentification du courrier",
            "fraud", "suspicion de fraude ou d'hameçonnage",
            // A provider correcting an earlier classification: nothing alarming.
            "not-spam", "le destinataire a indiqué qu'il ne s'agit pas d'un courrier indésirable",
            "other", "autre motif",
            "virus", "virus signalé dans le courrier");

    private ComplaintFeedback() {
    }

    /** The French description, or null when no type was given or it is not one of the registered ones. */
    public static String describe(String feedbackType) {
        if (feedbackType == null) {
            return null;
        }
        return DESCRIPTIONS.get(feedbackType.trim().toLowerCase(Locale.ROOT));
    }
}
