package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Bounds;
import fr.messagerie.common.ParisTime;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.consultations.ConsultationAccess;
import fr.messagerie.consultations.ConsultationStore;
import fr.messagerie.consultations.Register;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a letter: validates it, freezes it with the consultation block as it is at that moment, creates one delivery
 * per recipient, then hands one dispatch per delivery to the dispatch queue.
 * <p>
 * Crash-safe and idempotent: delivery ids are derived from the letter and the recipient, deliveries are created only
 * if absent, and a letter left "sending" by an interrupted fan-out is resumed by the next send request. Dispatches
 * may therefore be enqueued twice; the send function sends each delivery once. A send that fails before any delivery
 * exists puts the letter back to draft (nothing was sent); once dispatching has started it stays "sending", and the
 * answer tells the agent to send again.
 */
public final class SendLetter {
    private static final Logger LOG = Logger.getLogger(SendLetter.class.getName());
    private static final int CHUNK = 10; // SQS SendMessageBatch maximum

    private final ConsultationAccess consultations;
    private final ConsultationStore consultationStore;
    private final LetterStore letters;
    private final DeliveryStore deliveries;
    private final DispatchQueue dispatchQueue;
    private final Executor executor;
    private final Clock clock;

    public SendLetter(ConsultationAccess consultations, ConsultationStore consultationStore, LetterStore letters,
                      DeliveryStore deliveries, DispatchQueue dispatchQueue, Executor executor, Clock clock) {
        this.consultations = consultations;
        this.consultationStore = consultationStore;
        this.letters = letters;
        this.deliveries = deliveries;
        this.dispatchQueue = dispatchQueue;
        this.executor = executor;
        this.clock = clock;
    }

    public record Receipt(String letterId, int recipients, LetterState state) {
    }

    public Receipt send(Agent agent, String letterId, String idempotencyKey) {
        if (idempotencyKey != null && !isIdempotencyKey(idempotencyKey)) {
            throw ProblemException.badRequest("invalid-idempotency-key", "Idempotency-Key", "L'en-tête "
                    + "Idempotency-Key doit compter de 1 à " + Bounds.MAX_IDEMPOTENCY_KEY_LENGTH + " caractères "
                    + "ASCII visibles.");
        }
        // The letter and its files in one read (they share its partition): a draft's files are checked to freeze it.
        Optional<LetterStore.WithFiles> found = letters.findWithFiles(letterId);
        Letter letter = Access.letter(agent, found.map(LetterStore.WithFiles::letter));
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
            letter = freeze(letter, found.get().files(), idempotencyKey);
        }
        fanOut(letter);
        List<Recipient> typed = letter.recipients().stream()
                .filter(r -> r.source() == Register.FREE_RECIPIENTS).toList();
        if (!typed.isEmpty()) {
            consultationStore.addFreeRecipients(letter.organismId(), letter.consultationId(), typed);
        }
        letters.markSent(letterId);
        return new Receipt(letterId, letter.recipients().size(), LetterState.SENT);
    }

    private Letter freeze(Letter draft, List<Attachment> joined, String idempotencyKey) {
        List<Violation> violations = new ArrayList<>(LetterRules.checkSendable(draft, clock.instant()));
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
        Letter now = stored(draft.id());
        if (now.state() == LetterState.DRAFT) {
            throw ProblemException.conflict("concurrent-modification",
                    "Le brouillon a été modifié pendant l'envoi : rechargez-le avant de recommencer.");
        }
        if (now.state() == LetterState.SENT) {
            throw ProblemException.conflict("letter-already-sent", "Ce courrier a déjà été envoyé.");
        }
        return now;
    }

    /** Every delivery first, then every dispatch: until the first dispatch, a failure can still undo the send. */
    private void fanOut(Letter letter) {
        LetterText text = LetterText.of(letter);
        AtomicInteger stored = new AtomicInteger();
        try {
            inChunks(letter, chunk -> {
                deliveries.createAllIfAbsent(chunk.stream().map(recipient -> delivery(letter, recipient)).toList(),
                        letter, text);
                stored.addAndGet(chunk.size());
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Fan-out of letter " + letter.id() + " failed after " + stored.get()
                    + " deliveries", e);
            if (stored.get() == 0 && noDeliveryExists(letter) && letters.returnToDraft(backToDraft(letter),
                    letter.version())) {
                throw new ProblemException(503, List.of(new Violation("send-failed", null, "L'envoi du courrier "
                        + "n'a pas pu commencer : aucun destinataire n'a été servi et le courrier est redevenu un "
                        + "brouillon. Vérifiez-le, puis envoyez-le de nouveau.")));
            }
            throw interrupted();
        }
        if (!letters.startDispatching(letter.id())) {
            Letter now = stored(letter.id());
            if (now.state() != LetterState.SENT) {
                throw ProblemException.conflict("concurrent-modification",
                        "Le courrier a été modifié pendant l'envoi : rechargez-le avant de recommencer.");
            }
            return;
        }
        try {
            inChunks(letter, chunk -> dispatchQueue.enqueue(chunk.stream()
                    .map(recipient -> new DispatchQueue.Dispatch(Delivery.idOf(letter.id(), recipient), 1)).toList()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Dispatches of letter " + letter.id() + " were not all enqueued", e);
            throw interrupted();
        }
    }

    private void inChunks(Letter letter, Consumer<List<Recipient>> work) {
        List<Recipient> recipients = letter.recipients();
        List<CompletableFuture<Void>> chunks = new ArrayList<>();
        for (int start = 0; start < recipients.size(); start += CHUNK) {
            List<Recipient> chunk = recipients.subList(start, Math.min(recipients.size(), start + CHUNK));
            chunks.add(CompletableFuture.runAsync(() -> work.accept(chunk), executor));
        }
        try {
            CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Read back one by one (consistent reads): a delivery left by an earlier attempt keeps the letter sending. */
    private boolean noDeliveryExists(Letter letter) {
        try {
            AtomicInteger found = new AtomicInteger();
            inChunks(letter, chunk -> chunk.forEach(recipient -> {
                if (found.get() == 0 && deliveries.find(Delivery.idOf(letter.id(), recipient)).isPresent()) {
                    found.incrementAndGet();
                }
            }));
            return found.get() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Letter stored(String letterId) {
        return letters.find(letterId).orElseThrow(Access::letterNotFound);
    }

    private static Letter backToDraft(Letter sending) {
        return new Letter(sending.id(), sending.consultationId(), sending.organismId(), sending.type(),
                sending.sendMode(), sending.replyOptions(), sending.subject(), sending.body(), sending.recipients(),
                sending.author(), LetterState.DRAFT, sending.createdAt(), sending.updatedAt(), null,
                sending.version() + 1);
    }

    private static ProblemException interrupted() {
        return new ProblemException(503, List.of(new Violation("send-interrupted", null, "L'envoi du courrier a "
                + "été interrompu : renvoyez la demande d'envoi pour le terminer. Les destinataires déjà servis ne "
                + "recevront pas le courrier une seconde fois.")));
    }

    private static Delivery delivery(Letter letter, Recipient recipient) {
        return new Delivery(Delivery.idOf(letter.id(), recipient), letter.id(), letter.consultationId(),
                letter.organismId(), recipient, Objects.requireNonNull(letter.sentAt()), null);
    }

    /** Visible ASCII, as HTTP header values are, within the length the letter's record keeps room for. */
    private static boolean isIdempotencyKey(String key) {
        return !key.isEmpty() && key.length() <= Bounds.MAX_IDEMPOTENCY_KEY_LENGTH
                && key.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }
}
