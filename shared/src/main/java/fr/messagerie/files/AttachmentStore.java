package fr.messagerie.files;


import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Files of a letter (uploaded by the agent) or of a reply (uploaded by the recipient). A file is pending from the
 * moment its upload is authorised until the bytes in the bucket have been checked; only ready files count.
 */
public interface AttachmentStore {

    void save(Owner owner, StoredAttachment attachment);

    Optional<StoredAttachment> find(Owner owner, String attachmentId);

    /** Oldest first. */
    List<StoredAttachment> list(Owner owner);

    /** Removes a file; a ready file's bytes and count are given back to its owner's usage. */
    void delete(Owner owner, String attachmentId);

    /**
     * Makes a pending file ready and counts it in its owner's usage, in one atomic write, only if the owner's ready
     * files then stay within {@code quota}: parallel requests cannot pass the limits.
     *
     * @param ready the file as checked, with the id of a pending file of {@code owner}
     */
    Readiness markReady(Owner owner, StoredAttachment ready, Quota quota);

    /** How many ready files an owner may have, and how many bytes in all. */
    record Quota(int maxFiles, long maxBytes) {
    }

    enum Readiness {
        /** The file is ready and counted. */
        MARKED,
        /** Nothing written: one more file, or these bytes, would pass the quota. */
        OVER_QUOTA,
        /** Nothing written: the file is no longer pending (already ready, or removed). */
        NOT_PENDING
    }

    default List<Attachment> ready(Owner owner) {
        return list(owner).stream().filter(StoredAttachment::ready).map(StoredAttachment::attachment).toList();
    }

    /** @param declaredSha256 what the uploader announced (hex), checked against the stored bytes; may be null */
    record StoredAttachment(Attachment attachment, boolean ready, String declaredSha256, Instant createdAt) {
    }

    /** Whose files: a letter's ({@code id} the letter's), or those of the reply to one delivery (the delivery's). */
    record Owner(Kind kind, String id) {
        public enum Kind {
            LETTER,
            REPLY
        }

        public static Owner letter(String letterId) {
            return new Owner(Kind.LETTER, letterId);
        }

        public static Owner reply(String deliveryId) {
            return new Owner(Kind.REPLY, deliveryId);
        }
    }
}
