package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.consultations.Consultation;

import java.time.Instant;
import java.util.List;

/**
 * A letter of an agent to one or several recipients; each recipient gets their own {@link Delivery}.
 *
 * @param consultation the consultation block as it was when the letter was sent, frozen then (without registers):
 *                     emails, pages and proofs show it, never the consultation as edited later; null for a draft
 */
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
        long version,
        Consultation consultation) {

    public Letter {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        replyOptions = replyOptions == null ? ReplyOptions.NONE : replyOptions;
    }

    /** A letter without frozen consultation block: a draft. */
    public Letter(String id, String consultationId, String organismId, LetterType type, SendMode sendMode,
                  ReplyOptions replyOptions, String subject, String body, List<Recipient> recipients, Agent author,
                  LetterState state, Instant createdAt, Instant updatedAt, Instant sentAt, long version) {
        this(id, consultationId, organismId, type, sendMode, replyOptions, subject, body, recipients, author, state,
                createdAt, updatedAt, sentAt, version, null);
    }

    public boolean isDraft() {
        return state == LetterState.DRAFT;
    }
}
