package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Bounds;
import fr.messagerie.common.Inputs;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.ConsultationStore;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What every change of a draft goes through: the input applied to the draft with every rule checked (a 400 listing
 * everything wrong, nothing written then), and the refusal to change a letter already sent or changed meanwhile.
 * Used by the actions that create, edit and delete drafts; it writes nothing itself.
 */
public final class DraftEditor {
    private final ConsultationStore consultationStore;
    private final LetterStore letters;
    private final AttachmentStore attachments;

    public DraftEditor(ConsultationStore consultationStore, LetterStore letters, AttachmentStore attachments) {
        this.consultationStore = consultationStore;
        this.letters = letters;
        this.attachments = attachments;
    }

    /** A new draft of the agent on the consultation, from its letter type's template with the input applied. */
    public Letter newDraft(Agent agent, Consultation consultation, DraftInput input, Instant now) {
        if (input.letterType() == null || input.letterType().isBlank()) {
            throw ProblemException.badRequest("letter-type-required", "letterType",
                    "Le type de courrier est obligatoire.");
        }
        LetterType type = letterType(input.letterType());
        Letter blank = new Letter(UUID.randomUUID().toString(), consultation.id(), consultation.organismId(), type,
                type.template().sendMode(), type.template().replyOptions(), type.template().subjectFor(consultation),
                type.template().bodyFor(consultation), List.of(), agent, LetterState.DRAFT, now, now, null, 0);
        return apply(consultation, blank, input, now);
    }

    /** A draft of the agent's organism at {@code expectedVersion} (any when null), or the refusal to change it. */
    public Letter editable(Agent agent, String letterId, Long expectedVersion) {
        Letter current = Access.letter(agent, letters.find(letterId));
        if (!current.isDraft()) {
            throw ProblemException.conflict("letter-not-editable",
                    "Ce courrier a déjà été envoyé : il ne peut plus être modifié ni supprimé.");
        }
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw concurrentChange();
        }
        return current;
    }

    /** The draft with the input's changes applied, or a 400 listing everything wrong: nothing is written then. */
    public Letter apply(Consultation consultation, Letter current, DraftInput input, Instant now) {
        List<Violation> violations = new ArrayList<>();
        LetterType type = input.letterType() == null ? current.type() : letterType(input.letterType());
        SendMode mode = current.sendMode();
        if (input.sendMode() != null) {
            mode = Arrays.stream(SendMode.values()).filter(m -> m.name().equals(input.sendMode())).findFirst()
                    .orElse(null);
            if (mode == null) {
                throw ProblemException.badRequest("invalid-send-mode", "sendMode", "Modalité d'envoi inconnue : « "
                        + Inputs.shown(input.sendMode()) + " ». Valeurs possibles : ACCESS_LINK ("
                        + SendMode.ACCESS_LINK.label()
                        + "), SIMPLE (" + SendMode.SIMPLE.label() + ").");
            }
        }
        ReplyOptions reply = replyOptions(input.replyOptions(), current.replyOptions(), mode, violations);
        String subject = input.subject() == null ? current.subject() : input.subject().strip();
        if (input.body() != null && Bounds.utf8Length(input.body()) > LetterRules.MAX_BODY_BYTES) {
            // Refused before the sanitizer reads it; the sanitized body is measured again by the rules.
            throw ProblemException.badRequest(List.of(LetterRules.bodyTooLarge(Bounds.utf8Length(input.body()))));
        }
        String body = input.body() == null ? current.body() : RichText.sanitize(input.body());
        List<Recipient> recipients = input.recipients() == null ? current.recipients()
                : RecipientResolver.resolve(consultation,
                () -> consultationStore.freeRecipients(consultation.organismId(), consultation.id()),
                input.recipients(), violations);
        violations.addAll(LetterRules.checkDraft(mode, reply, subject, body, recipients.size(), now));
        if (mode != current.sendMode()) {
            List<Attachment> joined = attachments.ready(AttachmentStore.Owner.letter(current.id()));
            AttachmentRules.checkTotal(mode, joined).ifPresent(violations::add);
            violations.addAll(AttachmentRules.checkTypes(mode, joined));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest(violations);
        }
        return new Letter(current.id(), current.consultationId(), current.organismId(), type, mode, reply, subject,
                body, recipients, current.author(), LetterState.DRAFT, current.createdAt(), now, null,
                current.version() + 1);
    }

    private static ReplyOptions replyOptions(DraftInput.ReplyOptionsInput input, ReplyOptions current, SendMode mode,
                                             List<Violation> violations) {
        if (input == null) {
            // Switching to a simple email drops reply options, as the compose form hides them.
            return mode == SendMode.SIMPLE ? ReplyOptions.NONE : current;
        }
        Instant deadline = null;
        if (input.deadline() != null && !input.deadline().isBlank()) {
            deadline = Inputs.instant(input.deadline()).orElse(null);
            if (deadline == null) {
                violations.add(new Violation("invalid-reply-deadline", "replyOptions.deadline",
                        "Date limite de réponse illisible : « " + Inputs.shown(input.deadline()) + " ». Format "
                                + "attendu ISO 8601, par exemple 2026-12-31T17:00:00+01:00, " + Bounds.acceptedYears()
                                + "."));
            }
        }
        return new ReplyOptions(Boolean.TRUE.equals(input.allowed()), deadline, Boolean.TRUE.equals(input.sealed()));
    }

    static LetterType letterType(String code) {
        return LetterType.parse(code).orElseThrow(() -> ProblemException.badRequest("unknown-letter-type",
                "letterType", "Type de courrier inconnu : « " + Inputs.shown(code) + " ». Types possibles : "
                        + Arrays.stream(LetterType.values()).map(t -> t.name() + " (" + t.label() + ")")
                        .collect(Collectors.joining(", ")) + "."));
    }

    public static ProblemException concurrentChange() {
        return ProblemException.conflict("concurrent-modification",
                "Le brouillon a été modifié entre-temps : rechargez-le avant de recommencer.");
    }
}
