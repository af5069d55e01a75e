package fr.messagerie.app;

import java.util.List;
import java.util.Map;

/** A consultation as the procurement platform pushes it, with its registers by code. */
public record ConsultationInput(
        String reference,
        String title,
        String object,
        String bidDeadline,
        String organismName,
        String purchasingEntity,
        String directLink,
        Map<String, List<DraftInput.ContactInput>> registers) {
}
