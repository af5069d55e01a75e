package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Bounds;
import fr.messagerie.common.Inputs;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.ConsultationStore;
import fr.messagerie.consultations.Consultations;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.DeliveryView;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.recipient.ReplyForAgent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Drafts of letters: created from a letter type's template, edited, deleted, read with their deliveries. */
public final class Drafts {
    private final Consultations consultations;
    private final ConsultationStore consultationStore;
    private final LetterStore letters;
    private final DeliveryStore deliveries;
    private final AttachmentStore attachments;
    private final Clock clock;

    public Drafts(Consultations consultations, ConsultationStore consultationStore, LetterStore letters,
                  DeliveryStore deliveries, AttachmentStore attachments, Clock clock) {
        this.consultations = consultations;
        this.consultationStore = consultationStore;
        this.letters = letters;
        this.deliveries = deliveries;
        this.attachments = attachments;
        this.clock = clock;
    }

    public Letter create(Agent agent, String consultationId, DraftInput input) {
        Consultation consultation = consultations.find(agent, consultationId);
        if (input.letterType() == null || input.letterType().isBlank()) {
            throw ProblemException.badRequest("letter-type-required", "letterType",
                    "Le type de courrier est obligatoire.");
        }
        LetterType type = letterType(input.letterType());
        Instant now = clock.instant();
        Letter blank = new Letter(UUID.randomUUID().toString(), consultationId, consultation.organismId(), type,
                type.template().sendMode(), type.template().replyOptions(), type.template().subjectFor(consultation),
                type.template().bodyFor(consultation), List.of(), agent, LetterState.DRAFT, now, now, null, 0);
        Letter draft = apply(consultation, blank, input, now);
        letters.create(draft);
        return draft;
    }

    /** The consultation, once the agent's access to it is checked. */
    public Consultation consultation(Agent agent, String consultationId) {
        return consultations.get(agent, consultationId);
    }

    public LetterDetails get(Agent agent, String letterId) {
        Letter letter = find(agent, letterId);
        List<DeliveryView> views = letter.isDraft() ? List.of() : deliveries.ofLetter(letterId);
        Map<String, ReplyForAgent> replies = new HashMap<>();
        Instant now = clock.instant();
        views.stream().filter(v -> v.status() == DeliveryStatus.REPLY_UNREAD || v.status() == DeliveryStatus.REPLY_READ)
                .forEach(v -> deliveries.reply(v.delivery().id())
                        .ifPresent(reply -> replies.put(v.delivery().id(), ReplyForAgent.of(letter, reply, now))));
        return new LetterDetails(letter, attachments.ready(AttachmentStore.Owner.letter(letterId)), views, replies);
    }

    public Letter update(Agent agent, String letterId, DraftInput input) {
        Letter current = editable(agent, letterId, input.version());
        Consultation consultation = consultations.find(current.organismId(), current.consultationId());
        Letter changed = apply(consultation, current, input, clock.instant());
        if (!letters.replace(changed, current.version())) {
            throw concurrentChange();
        }
        return changed;
    }

    public void delete(Agent agent, String letterId) {
        Letter current = editable(agent, letterId, null);
        if (!letters.deleteDraft(letterId, current.version())) {
            throw concurrentChange();
        }
    }

    public Letter find(String letterId) {
        return letters.find(letterId).orElseThrow(Access::letterNotFound);
    }

    /** A letter of the agent's organism; another organism's is not found, as a missing one. */
    public Letter find(Agent agent, String letterId) {
        return Access.letter(agent, letters.find(letterId));
    }

    /** A draft of the agent's organism, or the refusal to change it. */
    public Letter editableDraft(Agent agent, String letterId) {
        return editable(agent, letterId, null);
    }

    private Letter editable(Agent agent, String letterId, Long expectedVersion) {
        Letter current = find(agent, letterId);
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
    private Letter apply(Consultation consultation, Letter current, DraftInput input, Instant now) {
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

    private static ProblemException concurrentChange() {
        return ProblemException.conflict("concurrent-modification",
                "Le brouillon a été modifié entre-temps : rechargez-le avant de recommencer.");
    }
}
