package fr.messagerie.letters;

import fr.messagerie.files.Attachment;

import java.util.List;
import java.util.Optional;

/**
 * Letters, with optimistic concurrency on their version. A letter is stored whole: writing one the store cannot hold
 * is refused with {@link StoredSize#letterTooLarge} before anything is written.
 */
public interface LetterStore {
    Optional<Letter> find(String letterId);

    /**
     * The letter with its ready files (oldest first, as {@link fr.messagerie.files.AttachmentStore#ready}), read
     * together (they share the letter's partition); empty for an unknown letter.
     */
    Optional<WithFiles> findWithFiles(String letterId);

    record WithFiles(Letter letter, List<Attachment> files) {
    }

    void create(Letter draft);

    /**
     * Replaces a letter if it is still at {@code expectedVersion} and still a draft.
     *
     * @return false when another change came first (or it is no longer a draft)
     */
    boolean replace(Letter letter, long expectedVersion);

    /** Deletes a draft at the given version; false when it changed or is no longer a draft. */
    boolean deleteDraft(String letterId, long expectedVersion);

    /**
     * Freezes a draft for sending (DRAFT → SENDING) if it is still at {@code expectedVersion}.
     *
     * @param idempotencyKey the client's key for this send request, remembered to answer its repetitions; may be null
     * @return false when it changed meanwhile or is no longer a draft
     */
    boolean startSending(Letter sending, long expectedVersion, String idempotencyKey);

    /** The idempotency key the letter was sent with, if any. */
    Optional<String> sendIdempotencyKey(String letterId);

    /** The drafts of a consultation, last saved first. */
    List<Letter> drafts(String organismId, String consultationId);

    /** Moves a sending letter to SENT once its fan-out is complete. */
    void markSent(String letterId);

    /**
     * Records, before the first dispatch is handed to the queue, that the letter can no longer go back to draft.
     *
     * @return false when it is no longer sending (back to draft, or sent by a concurrent request)
     */
    boolean startDispatching(String letterId);

    /**
     * Puts a sending letter back to draft, if it is still at {@code sendingVersion} and no dispatch was ever handed
     * to the queue.
     *
     * @return false otherwise: it stays sending
     */
    boolean returnToDraft(Letter draft, long sendingVersion);
}
