package fr.messagerie.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Files of letters and replies in memory, with the DynamoDB store's rules: a file counts only once ready; making it
 * ready is refused (nothing written) when it is no longer pending, or when the owner's ready files would then pass the
 * quota; removing a ready file gives its count and bytes back. The owner's usage is worked out from its ready files
 * under the store's lock, which is what the DynamoDB usage item keeps in step.
 */
public final class InMemoryAttachmentStore implements AttachmentStore {
    private final Map<Owner, Map<String, StoredAttachment>> files = new HashMap<>();
    /** Runs once before the next {@link #markReady}, as a parallel request would between a check and a write. */
    private Runnable beforeNextMarkReady;

    public InMemoryAttachmentStore() {
    }

    /** {@code writer} runs once, just before the next {@link #markReady} is decided. */
    public synchronized void beforeNextMarkReady(Runnable writer) {
        beforeNextMarkReady = writer;
    }

    @Override
    public synchronized void save(Owner owner, StoredAttachment attachment) {
        files.computeIfAbsent(owner, o -> new LinkedHashMap<>()).put(attachment.attachment().id(), attachment);
    }

    @Override
    public synchronized Optional<StoredAttachment> find(Owner owner, String attachmentId) {
        return Optional.ofNullable(files.getOrDefault(owner, Map.of()).get(attachmentId));
    }

    @Override
    public synchronized List<StoredAttachment> list(Owner owner) {
        List<StoredAttachment> listed = new ArrayList<>(files.getOrDefault(owner, Map.of()).values());
        listed.sort(Comparator.comparing(StoredAttachment::createdAt).thenComparing(a -> a.attachment().id()));
        return listed;
    }

    @Override
    public synchronized void delete(Owner owner, String attachmentId) {
        Map<String, StoredAttachment> owned = files.get(owner);
        if (owned != null) {
            owned.remove(attachmentId);
        }
    }

    @Override
    public Readiness markReady(Owner owner, StoredAttachment ready, Quota quota) {
        long size = ready.attachment().size();
        if (size < 0 || size > quota.maxBytes() || quota.maxFiles() <= 0) {
            return Readiness.OVER_QUOTA;
        }
        Runnable writer;
        synchronized (this) {
            writer = beforeNextMarkReady;
            beforeNextMarkReady = null;
        }
        if (writer != null) {
            writer.run();
        }
        synchronized (this) {
            Map<String, StoredAttachment> owned = files.computeIfAbsent(owner, o -> new LinkedHashMap<>());
            StoredAttachment current = owned.get(ready.attachment().id());
            if (current == null || current.ready()) {
                return Readiness.NOT_PENDING;
            }
            List<StoredAttachment> counted = owned.values().stream().filter(StoredAttachment::ready).toList();
            long bytes = counted.stream().mapToLong(a -> a.attachment().size()).sum();
            if (counted.size() >= quota.maxFiles() || bytes > quota.maxBytes() - size) {
                return Readiness.OVER_QUOTA;
            }
            owned.put(ready.attachment().id(), new StoredAttachment(ready.attachment(), true, ready.declaredSha256(),
                    ready.createdAt()));
            return Readiness.MARKED;
        }
    }

    /** How many files of an owner are ready, and how many bytes they weigh: what the quota is checked against. */
    public synchronized Usage usage(Owner owner) {
        List<StoredAttachment> counted = files.getOrDefault(owner, Map.of()).values().stream()
                .filter(StoredAttachment::ready).toList();
        return new Usage(counted.size(), counted.stream().mapToLong(a -> a.attachment().size()).sum());
    }

    public record Usage(int fileCount, long totalBytes) {
    }
}
