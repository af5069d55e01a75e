package fr.messagerie.letters;

import com.fasterxml.jackson.core.JsonProcessingException;
import fr.messagerie.common.Bounds;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.support.Json;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Letters in memory, with the conditions of the DynamoDB store: {@link #create} refuses an id already taken, every
 * change of a draft is made only if it is still a draft at the expected version, the send's idempotency key and the
 * "dispatching" mark are kept beside the letter (a replace or a return to draft drops them, as a put does), and a
 * letter that would not fit DynamoDB's 400 KB item (with the room sending needs) is refused with
 * {@link StoredSize#letterTooLarge} before anything is written.
 */
public final class InMemoryLetterStore implements LetterStore {
    /** DynamoDB's item limit, attribute names included. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;
    /** What sending adds to a draft: kept free when saving one, as the DynamoDB store does. */
    public static final int SEND_RESERVE = 1024;

    private record Stored(Letter letter, LetterState state, String sendKey, boolean dispatching) {
        Letter withState() {
            Letter l = letter;
            return new Letter(l.id(), l.consultationId(), l.organismId(), l.type(), l.sendMode(), l.replyOptions(),
                    l.subject(), l.body(), l.recipients(), l.author(), state, l.createdAt(), l.updatedAt(),
                    l.sentAt(), l.version(), l.consultation());
        }
    }

    private final Map<String, Stored> letters = new HashMap<>();
    /** Runs once before the next conditional write, as another writer would between a read and a write. */
    private Runnable beforeNextWrite;
    private int writes;

    /** The files of the letters, for {@link #findWithFiles}; null when the tests of this store need none. */
    private final AttachmentStore files;

    public InMemoryLetterStore() {
        this(null);
    }

    /** @param files where the letters' files are, read with their letter by {@link #findWithFiles} */
    public InMemoryLetterStore(AttachmentStore files) {
        this.files = files;
    }

    /** {@code writer} runs once, just before the next conditional write (replace, delete, send, return to draft). */
    public synchronized void beforeNextWrite(Runnable writer) {
        beforeNextWrite = writer;
    }

    /** How many writes changed a letter (refused ones not counted). */
    public synchronized int writes() {
        return writes;
    }

    /** Whether the letter was marked as dispatching (its dispatches handed to the queue, or about to be). */
    public synchronized boolean isDispatching(String letterId) {
        Stored stored = letters.get(letterId);
        return stored != null && stored.dispatching();
    }

    /** Every letter stored, all organisms and states together. */
    public synchronized int size() {
        return letters.size();
    }

    @Override
    public synchronized Optional<Letter> find(String letterId) {
        return Optional.ofNullable(letters.get(letterId)).map(Stored::withState);
    }

    @Override
    public Optional<WithFiles> findWithFiles(String letterId) {
        if (files == null) {
            throw new IllegalStateException("This store was built without the letters' files");
        }
        Optional<Letter> letter = find(letterId);
        return letter.map(l -> new WithFiles(l, files.ready(AttachmentStore.Owner.letter(letterId))));
    }

    @Override
    public void create(Letter draft) {
        fitting(draft, null, SEND_RESERVE);
        synchronized (this) {
            if (letters.containsKey(draft.id())) {
                throw new IllegalStateException("Conditional check failed: letter " + draft.id() + " exists");
            }
            letters.put(draft.id(), new Stored(draft, draft.state(), null, false));
            writes++;
        }
    }

    @Override
    public boolean replace(Letter letter, long expectedVersion) {
        fitting(letter, null, SEND_RESERVE);
        return putIfDraftAt(new Stored(letter, letter.state(), null, false), expectedVersion);
    }

    @Override
    public boolean deleteDraft(String letterId, long expectedVersion) {
        runConcurrentWriter();
        synchronized (this) {
            if (!isDraftAt(letters.get(letterId), expectedVersion)) {
                return false;
            }
            letters.remove(letterId);
            writes++;
            return true;
        }
    }

    @Override
    public boolean startSending(Letter sending, long expectedVersion, String idempotencyKey) {
        fitting(sending, idempotencyKey, 0);
        return putIfDraftAt(new Stored(sending, sending.state(), idempotencyKey, false), expectedVersion);
    }

    @Override
    public synchronized Optional<String> sendIdempotencyKey(String letterId) {
        return Optional.ofNullable(letters.get(letterId)).map(Stored::sendKey);
    }

    @Override
    public synchronized List<Letter> drafts(String organismId, String consultationId) {
        return letters.values().stream()
                .filter(s -> s.state() == LetterState.DRAFT && s.letter().organismId().equals(organismId)
                        && s.letter().consultationId().equals(consultationId))
                .sorted(Comparator.comparing((Stored s) -> s.letter().updatedAt())
                        .thenComparing(s -> s.letter().id()).reversed())
                .map(Stored::withState)
                .toList();
    }

    @Override
    public synchronized void markSent(String letterId) {
        Stored stored = letters.get(letterId);
        if (stored != null && stored.state() == LetterState.SENDING) {
            letters.put(letterId, new Stored(stored.letter(), LetterState.SENT, stored.sendKey(),
                    stored.dispatching()));
            writes++;
        }
        // Otherwise: already marked by a concurrent repetition of the same send.
    }

    @Override
    public synchronized boolean startDispatching(String letterId) {
        Stored stored = letters.get(letterId);
        if (stored == null || stored.state() != LetterState.SENDING) {
            return false;
        }
        letters.put(letterId, new Stored(stored.letter(), stored.state(), stored.sendKey(), true));
        writes++;
        return true;
    }

    @Override
    public boolean returnToDraft(Letter draft, long sendingVersion) {
        runConcurrentWriter();
        synchronized (this) {
            Stored stored = letters.get(draft.id());
            if (stored == null || stored.state() != LetterState.SENDING || stored.letter().version() != sendingVersion
                    || stored.dispatching()) {
                return false;
            }
            letters.put(draft.id(), new Stored(draft, draft.state(), null, false));
            writes++;
            return true;
        }
    }

    private boolean putIfDraftAt(Stored replacement, long expectedVersion) {
        runConcurrentWriter();
        synchronized (this) {
            if (!isDraftAt(letters.get(replacement.letter().id()), expectedVersion)) {
                return false;
            }
            letters.put(replacement.letter().id(), replacement);
            writes++;
            return true;
        }
    }

    private static boolean isDraftAt(Stored stored, long version) {
        return stored != null && stored.state() == LetterState.DRAFT && stored.letter().version() == version;
    }

    private void runConcurrentWriter() {
        Runnable writer;
        synchronized (this) {
            writer = beforeNextWrite;
            beforeNextWrite = null;
        }
        if (writer != null) {
            writer.run();
        }
    }

    private static void fitting(Letter letter, String idempotencyKey, int reserve) {
        long size = itemSize(letter, idempotencyKey);
        if (size + reserve > MAX_ITEM_BYTES) {
            throw StoredSize.letterTooLarge(size, MAX_ITEM_BYTES - reserve);
        }
    }

    /** About what DynamoDB counts: the JSON record plus the keys, state, version and index attributes beside it. */
    static long itemSize(Letter letter, String idempotencyKey) {
        try {
            String json = Json.MAPPER.writeValueAsString(letter);
            long size = "data".length() + Bounds.utf8Length(json);
            size += "PK".length() + Bounds.utf8Length("LETTER#" + letter.id()) + "SK".length() + 1;
            size += "state".length() + letter.state().name().length() + "version".length() + 21;
            size += "consultationId".length() + Bounds.utf8Length(letter.consultationId());
            size += "GSI1PK".length() + Bounds.utf8Length("ORG#" + letter.organismId() + "#CONS#"
                    + letter.consultationId() + "#LETTERS");
            size += "GSI1SK".length() + 30 + 1 + Bounds.utf8Length(letter.id());
            if (idempotencyKey != null) {
                size += "sendKey".length() + Bounds.utf8Length(idempotencyKey);
            }
            return size;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
