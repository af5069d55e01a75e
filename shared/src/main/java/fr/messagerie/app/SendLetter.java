package fr.messagerie.app;

import fr.messagerie.domain.Agent;
import fr.messagerie.domain.Attachment;
import fr.messagerie.domain.AttachmentRules;
import fr.messagerie.domain.Delivery;
import fr.messagerie.domain.Hashes;
import fr.messagerie.domain.Letter;
import fr.messagerie.domain.LetterRules;
import fr.messagerie.domain.LetterState;
import fr.messagerie.domain.ParisTime;
import fr.messagerie.domain.Recipient;
import fr.messagerie.domain.Register;
import fr.messagerie.domain.Violation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Sends a letter: validates it, freezes it with the consultation block as it is at that moment, creates one delivery
 * per recipient and hands one dispatch per delivery to the dispatch queue.
 * <p>
 * Crash-safe and idempotent: delivery ids are derived from the letter and the recipient, deliveries are created only
 * if absent, and a letter left "sending" by an interrupted fan-out is resumed by the next send request. Dispatches
 * may therefore be enqueued twice; the send function sends each delivery once.
 */
public final class SendLetter {
    private static final int CHUNK = 10; // SQS SendMessageBatch maximum

    private final Drafts drafts;
    private final Consultations consultations;
    private final LetterStore letters;
    private final DeliveryStore deliveries;
    private final AttachmentStore attachments;
    private final DispatchQueue dispatchQueue;
    private final Executor executor;
    private final Clock clock;

    public SendLetter(Drafts drafts, Consultations consultations, LetterStore letters, DeliveryStore deliveries,
                      AttachmentStore attachments, DispatchQueue dispatchQueue, Executor executor, Clock clock) {
        this.drafts = drafts;
        this.consultations = consultations;
        this.letters = letters;
        this.deliveries = deliveries;
        this.attachments = attachments;
        this.dispatchQueue = dispatchQueue;
        this.executor = executor;
        this.clock = clock;
    }

    public record Receipt(String letterId, int recipients, LetterState state) {
    }

    public Receipt send(Agent agent, String letterId, String idempotencyKey) {
        Letter letter = drafts.find(agent, letterId);
        if (letter.state() == LetterState.SENT) {
            boolean sameRequest = idempotencyKey != null
                    && letters.sendIdempotencyKey(letterId).filter(idempotencyKey::equals).isPresent();
            if (sameRequest) {
                return new Receipt(letterId, letter.recipients().size(), LetterState.SENT);
            }
            throw ProblemException.conflict("letter-already-sent", "Ce courrier a déjà été envoyé le "
                    + ParisTime.timestamp(letter.sentAt()) + ".");
        }
        if (letter.state() == LetterState.DRAFT) {
            letter = freeze(letter, idempotencyKey);
        }
        fanOut(letter);
        List<Recipient> typed = letter.recipients().stream()
                .filter(r -> r.source() == Register.FREE_RECIPIENTS).toList();
        if (!typed.isEmpty()) {
            consultations.addFreeRecipients(letter.organismId(), letter.consultationId(), typed);
        }
        letters.markSent(letterId);
        return new Receipt(letterId, letter.recipients().size(), LetterState.SENT);
    }

    private Letter freeze(Letter draft, String idempotencyKey) {
        List<Violation> violations = new ArrayList<>(LetterRules.checkSendable(draft, clock.instant()));
        List<Attachment> joined = attachments.ready(AttachmentStore.Owner.letter(draft.id()));
        AttachmentRules.checkCount(joined, AttachmentRules.letterKind(draft.sendMode())).ifPresent(violations::add);
        AttachmentRules.checkTotal(draft.sendMode(), joined).ifPresent(violations::add);
        violations.addAll(AttachmentRules.checkTypes(draft.sendMode(), joined));
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest(violations);
        }
        Letter sending = new Letter(draft.id(), draft.consultationId(), draft.organismId(), draft.type(),
                draft.sendMode(), draft.replyOptions(), draft.subject(), draft.body(), draft.recipients(),
                draft.author(), LetterState.SENDING, draft.createdAt(), draft.updatedAt(), clock.instant(),
                draft.version() + 1, consultations.blockAsSent(draft.organismId(), draft.consultationId()));
        if (letters.startSending(sending, draft.version(), idempotencyKey)) {
            return sending;
        }
        // Someone else froze or changed it first: go on from what is stored now.
        Letter now = drafts.find(draft.id());
        if (now.state() == LetterState.DRAFT) {
            throw ProblemException.conflict("concurrent-modification",
                    "Le brouillon a été modifié pendant l'envoi : rechargez-le avant de recommencer.");
        }
        if (now.state() == LetterState.SENT) {
            throw ProblemException.conflict("letter-already-sent", "Ce courrier a déjà été envoyé.");
        }
        return now;
    }

    private void fanOut(Letter letter) {
        List<Recipient> recipients = letter.recipients();
        List<CompletableFuture<Void>> chunks = new ArrayList<>();
        for (int start = 0; start < recipients.size(); start += CHUNK) {
            List<Recipient> chunk = recipients.subList(start, Math.min(recipients.size(), start + CHUNK));
            chunks.add(CompletableFuture.runAsync(() -> dispatch(letter, chunk), executor));
        }
        try {
            CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void dispatch(Letter letter, List<Recipient> chunk) {
        List<DispatchQueue.Dispatch> dispatches = new ArrayList<>(chunk.size());
        for (Recipient recipient : chunk) {
            Delivery delivery = new Delivery(deliveryId(letter.id(), recipient), letter.id(), letter.consultationId(),
                    letter.organismId(), recipient, Objects.requireNonNull(letter.sentAt()), null);
            deliveries.createIfAbsent(delivery, letter);
            dispatches.add(new DispatchQueue.Dispatch(delivery.id(), 1));
        }
        dispatchQueue.enqueue(dispatches);
    }

    /** Stable across retries, so that a resumed fan-out finds the deliveries it already created. */
    public static String deliveryId(String letterId, Recipient recipient) {
        return Hashes.sha256(letterId + "|" + recipient.key()).substring(0, 32);
    }
}
