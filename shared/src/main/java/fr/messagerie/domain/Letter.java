package fr.messagerie.domain;

import java.time.Instant;
import java.util.List;

/** A letter of an agent to one or several recipients; each recipient gets their own {@link Delivery}. */
public record Letter(
        String id,
        String consultationId,
        String organismId,
        LetterType type,
        SendMode sendMode,
        ReplyOptions replyOptions,
        String subject,
        String body,
        List<Recipient> recipients,
        Agent author,
        LetterState state,
        Instant createdAt,
        Instant updatedAt,
        Instant sentAt,
        long version) {

    public Letter {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        replyOptions = replyOptions == null ? ReplyOptions.NONE : replyOptions;
    }

    public boolean isDraft() {
        return state == LetterState.DRAFT;
    }
}
