package fr.messagerie.consultations;

import fr.messagerie.letters.DraftInput;

import java.util.List;
import java.util.Map;

/**
 * A consultation as the procurement platform pushes it, with its registers by code.
 *
 * @param organismId the organism it belongs to, one of the organisms register; its name comes from there (an
 *                   {@code organismName} in the request is ignored)
 */
public record ConsultationInput(
        String organismId,
        String reference,
        String title,
        String object,
        String bidDeadline,
        String purchasingEntity,
        String directLink,
        Map<String, List<DraftInput.ContactInput>> registers) {
}
