package fr.messagerie.aws;

import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.files.AttachmentStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The key layout of the one table, in one place: every partition and sort key the stores write or read, and the
 * indexes that list them.
 * <ul>
 *     <li>Organism: {@code ORG#organism} / {@code A}.</li>
 *     <li>Consultation: {@code ORG#organism#CONS#consultation} / {@code A} ({@link #consultation}), listed per
 *     organism through GSI1 ({@code ORG#organism#CONSULTATIONS} / {@code reference#id}); on the same partition its
 *     free-recipients register ({@code FREE#address}), the counts of its tracking list ({@code COUNTS}) and what its
 *     content filters search first: each sent letter's text ({@code SEARCH#L#letterId}) and the distinct recipients
 *     of its deliveries, in {@link #RECIPIENT_SHARDS} sets ({@code SEARCH#R#shard}).</li>
 *     <li>Letter: {@code LETTER#id} / {@code A}, listed per consultation through GSI1
 *     ({@code consultation#LETTERS} / {@code updatedAt#id}).</li>
 *     <li>Delivery: {@code DLV#id} / {@code A}, listed per letter through GSI1 ({@code LETTER#letterId} /
 *     {@code DLV#address}), per consultation and address through GSI2 ({@code consultation#TO#address} /
 *     {@code createdAt#id}), per consultation through GSI3 ({@code consultation#TRACK} / {@code createdAt#id}) and per
 *     consultation and status through GSI4 ({@code consultation#TRACK#status} / {@code createdAt#id}) and per letter
 *     through GSI5 ({@code LETTER#letterId#TRACK} / {@code createdAt#id}, status and favourite only). On its
 *     partition: its events ({@code EV#eventId}), its reply ({@code REPLY}) and the counters of proof requests
 *     ({@code RATE#proof#requester#minute}).</li>
 *     <li>Access token of a link sent before links were stored with their delivery (read only): {@code TOKEN#sha256} /
 *     {@code A}.</li>
 *     <li>Attachment: the owner's partition ({@code LETTER#letterId} or {@code DLV#deliveryId}) /
 *     {@code FILE#attachmentId}; the owner's usage: same partition / {@code USAGE#FILES}.</li>
 * </ul>
 */
public final class DynamoKeys {
    public static final String PK = "PK";
    public static final String SK = "SK";
    /** The sort key of an entity's own item (organism, consultation, letter, delivery, token). */
    public static final String MAIN = "A";

    public static final String GSI1 = "GSI1";
    public static final String GSI2 = "GSI2";
    public static final String GSI3 = "GSI3";
    public static final String GSI4 = "GSI4";
    public static final String GSI5 = "GSI5";
    public static final String GSI1PK = partitionOf(GSI1);
    public static final String GSI1SK = sortOf(GSI1);
    public static final String GSI2PK = partitionOf(GSI2);
    public static final String GSI2SK = sortOf(GSI2);
    public static final String GSI3PK = partitionOf(GSI3);
    public static final String GSI3SK = sortOf(GSI3);
    public static final String GSI4PK = partitionOf(GSI4);
    public static final String GSI4SK = sortOf(GSI4);
    public static final String GSI5PK = partitionOf(GSI5);
    public static final String GSI5SK = sortOf(GSI5);

    /** Sort key prefix of a delivery's events. */
    public static final String EVENTS = "EV#";
    /** Sort key of a delivery's reply. */
    public static final String REPLY = "REPLY";
    /** Sort key of the counts of a consultation's tracking list. */
    public static final String COUNTS = "COUNTS";
    /** Sort key prefix of a consultation's free-recipients register. */
    public static final String FREE_RECIPIENTS = "FREE#";
    /** Sort key prefix of the letters' texts a consultation's content filters search. */
    public static final String SEARCHED_LETTERS = "SEARCH#L#";
    /** Sort key prefix of the sets of a consultation's recipients its content filters search. */
    public static final String SEARCHED_RECIPIENTS = "SEARCH#R#";
    /** How many sets hold a consultation's recipients: each item stays far under 400 KB. */
    public static final int RECIPIENT_SHARDS = 16;
    /** Sort key prefix of an owner's files. */
    public static final String FILES = "FILE#";
    /** Sort key of an owner's usage (count and bytes of its ready files). */
    public static final String FILES_USAGE = "USAGE#FILES";
    /** Sort key prefix of the counters of proof requests. */
    public static final String PROOF_REQUESTS = "RATE#proof#";

    private static final DateTimeFormatter SORTABLE = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private DynamoKeys() {
    }

    /** The partition key attribute of an index (GSI1 → GSI1PK). */
    public static String partitionOf(String index) {
        return index + "PK";
    }

    /** The sort key attribute of an index (GSI1 → GSI1SK). */
    public static String sortOf(String index) {
        return index + "SK";
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }

    /** Fixed-width UTC time, so that sort keys order like instants (Instant.toString drops zero fractions). */
    public static String sortable(Instant instant) {
        return SORTABLE.format(instant);
    }

    /** A sort key ordering items by time, then id: {@code sortable(at)#id}. */
    public static String timeline(Instant at, String id) {
        return sortable(at) + "#" + id;
    }

    // Organisms and consultations

    public static String organism(String organismId) {
        return "ORG#" + organismId;
    }

    /**
     * The partition of a consultation and the prefix of every key derived from it (tracking list, counts, drafts,
     * a company's history): consultation ids are unique only within their organism. Organism ids hold no '#'.
     */
    public static String consultation(String organismId, String consultationId) {
        return organism(organismId) + "#CONS#" + consultationId;
    }

    /** The consultations of an organism (GSI1); never a consultation's partition, those go on with "#CONS#". */
    public static String consultationsOf(String organismId) {
        return organism(organismId) + "#CONSULTATIONS";
    }

    /** A consultation in its organism's list (GSI1 sort key). */
    public static String consultationInList(String reference, String consultationId) {
        return reference + "#" + consultationId;
    }

    public static String freeRecipient(String recipientKey) {
        return FREE_RECIPIENTS + recipientKey;
    }

    public static Map<String, AttributeValue> counts(String organismId, String consultationId) {
        return key(consultation(organismId, consultationId), COUNTS);
    }

    /** The item holding one letter's text for the consultation's content filters. */
    public static Map<String, AttributeValue> searchedLetter(String organismId, String consultationId, String letterId) {
        return key(consultation(organismId, consultationId), SEARCHED_LETTERS + letterId);
    }

    /** The set holding a recipient for the consultation's content filters: by the address's hash. */
    public static Map<String, AttributeValue> searchedRecipients(String organismId, String consultationId,
                                                                 String recipientKey) {
        return key(consultation(organismId, consultationId), SEARCHED_RECIPIENTS
                + Integer.toHexString(Math.floorMod(recipientKey.hashCode(), RECIPIENT_SHARDS)));
    }

    /** Marks a consultation whose recipients no longer fit their sets: its content filters read every line. */
    public static Map<String, AttributeValue> searchedRecipientsOverflow(String organismId, String consultationId) {
        return key(consultation(organismId, consultationId), SEARCHED_RECIPIENTS + "overflow");
    }

    // Letters

    public static String letter(String letterId) {
        return "LETTER#" + letterId;
    }

    /** The letters of a consultation (GSI1). */
    public static String lettersOf(String organismId, String consultationId) {
        return consultation(organismId, consultationId) + "#LETTERS";
    }

    // Deliveries

    public static String delivery(String deliveryId) {
        return "DLV#" + deliveryId;
    }

    public static Map<String, AttributeValue> deliveryKey(String deliveryId) {
        return key(delivery(deliveryId), MAIN);
    }

    /** A delivery in its letter's list (GSI1 sort key, under the letter's own key {@link #letter}). */
    public static String letterDeliveryTo(String recipientKey) {
        return delivery(recipientKey);
    }

    /** The tracking lines of one letter (GSI5). */
    public static String letterTracking(String letterId) {
        return letter(letterId) + "#TRACK";
    }

    /** The deliveries of a consultation to one address (GSI2). */
    public static String deliveriesTo(String organismId, String consultationId, String recipientKey) {
        return consultation(organismId, consultationId) + "#TO#" + recipientKey;
    }

    /** The tracking list of a consultation (GSI3). */
    public static String tracking(String organismId, String consultationId) {
        return consultation(organismId, consultationId) + "#TRACK";
    }

    /** The rows of one status of a consultation's tracking list (GSI4). */
    public static String trackingStatus(String organismId, String consultationId, DeliveryStatus status) {
        return tracking(organismId, consultationId) + "#" + status.name();
    }

    public static String event(String eventId) {
        return EVENTS + eventId;
    }

    /** The counter of one requester's proof requests in one minute. */
    public static String proofRequests(String requester, Instant minute) {
        return PROOF_REQUESTS + requester + "#" + minute;
    }

    public static String token(String tokenHash) {
        return "TOKEN#" + tokenHash;
    }

    // Attachments

    /** The partition of an owner's files: its letter's or its delivery's. */
    public static String filesOf(AttachmentStore.Owner owner) {
        return switch (owner.kind()) {
            case LETTER -> letter(owner.id());
            case REPLY -> delivery(owner.id());
        };
    }

    public static String file(String attachmentId) {
        return FILES + attachmentId;
    }
}
