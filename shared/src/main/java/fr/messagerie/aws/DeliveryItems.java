package fr.messagerie.aws;

import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryLog.LogHead;
import fr.messagerie.delivery.DeliveryProjection;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DeliveryView;
import fr.messagerie.delivery.DispatchClaims.AccessGrant;
import fr.messagerie.files.Evidence.FileFingerprint;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterText;
import fr.messagerie.recipient.Reply;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static fr.messagerie.aws.DynamoItems.DATA;
import static fr.messagerie.aws.DynamoItems.n;
import static fr.messagerie.aws.DynamoItems.s;
import static fr.messagerie.aws.DynamoKeys.PK;
import static fr.messagerie.aws.DynamoKeys.SK;

/**
 * The items of a delivery and of what its partition holds, and the records read back from them: the delivery with
 * the attributes its lists and indexes need (its tracking row, see {@link TrackingItems}), its events, its reply, and
 * the access token bound to it. Keys come from {@link DynamoKeys}.
 */
final class DeliveryItems {
    static final String STATUS = "status";
    /** The delivery's {@link DeliveryProjection}, as JSON: what the next event is folded into. */
    static final String PROJECTION = "projection";
    static final String FAVORITE = "favorite";
    static final String REASON = "reason";
    static final String DISPATCHED_ATTEMPT = "dispatchedAttempt";
    static final String REPLY_EXCERPT = "replyExcerpt";
    static final String LETTER_TYPE = "letterType";
    static final String SUBJECT = "subject";
    static final String EXCERPT = "excerpt";
    static final String REPLY_OPTIONS = "replyOptions";
    static final String SEARCH = "search";
    /** Where events kept their files' fingerprints before {@link DeliveryEvent#files()}. */
    static final String LEGACY_FILES = "attachments";
    /** The letters of the tracking list's times, each kept as attribute {@code at} + letter. */
    static final List<String> TIME_LETTERS = List.of("E", "D", "L", "R");

    /** The access links granted with the delivery's emails: a string set, one "hash|valid until|created" each. */
    static final String LINKS = "links";
    /** What {@link #head} reads of the delivery's item. */
    static final String HEAD_PROJECTION = "PK, #data, #projection, favorite, links";
    static final Map<String, String> HEAD_NAMES = Map.of("#data", DATA, "#projection", PROJECTION);

    /** The names of {@link Projected#update()}. */
    static final Map<String, String> PROJECTED_NAMES = Map.of("#status", STATUS, "#projection", PROJECTION);

    private DeliveryItems() {
    }

    /** The delivery as created: sending, with the facts of its letter its tracking row shows. */
    static Map<String, AttributeValue> created(Delivery delivery, Letter letter, LetterText text) {
        String timeline = DynamoKeys.timeline(delivery.createdAt(), delivery.id());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(DynamoKeys.GSI3PK, s(DynamoKeys.tracking(delivery.organismId(), delivery.consultationId())));
        item.put(DynamoKeys.GSI3SK, s(timeline));
        item.put(LETTER_TYPE, s(letter.type().name()));
        item.put(SUBJECT, s(letter.subject()));
        item.put(EXCERPT, s(text.excerpt()));
        item.put(REPLY_OPTIONS, DynamoItems.json(letter.replyOptions()));
        item.put(SEARCH, s(String.join(" ", text.searchText(),
                delivery.recipient().email(), Objects.toString(delivery.recipient().name(), ""),
                Objects.toString(delivery.recipient().company(), "")).toLowerCase(Locale.ROOT)));
        item.put(PK, s(DynamoKeys.delivery(delivery.id())));
        item.put(SK, s(DynamoKeys.MAIN));
        item.put(DynamoKeys.GSI1PK, s(DynamoKeys.letter(delivery.letterId())));
        item.put(DynamoKeys.GSI1SK, s(DynamoKeys.letterDeliveryTo(delivery.recipient().key())));
        item.put(DynamoKeys.GSI2PK, s(DynamoKeys.deliveriesTo(delivery.organismId(), delivery.consultationId(),
                delivery.recipient().key())));
        item.put(DynamoKeys.GSI2SK, s(timeline));
        item.put(STATUS, s(DeliveryStatus.SENDING.name()));
        item.put(DynamoKeys.GSI4PK, s(DynamoKeys.trackingStatus(delivery.organismId(), delivery.consultationId(),
                DeliveryStatus.SENDING)));
        item.put(DynamoKeys.GSI4SK, s(timeline));
        item.put(DynamoKeys.GSI5PK, s(DynamoKeys.letterTracking(delivery.letterId())));
        item.put(DynamoKeys.GSI5SK, s(timeline));
        item.put(DATA, DynamoItems.json(delivery));
        return item;
    }

    static Delivery delivery(Map<String, AttributeValue> item) {
        return DynamoItems.fromJson(item, Delivery.class);
    }

    static DeliveryStatus status(Map<String, AttributeValue> item) {
        return DeliveryStatus.valueOf(DynamoItems.string(item, STATUS));
    }

    static boolean favorite(Map<String, AttributeValue> item) {
        AttributeValue favorite = item.get(FAVORITE);
        return favorite != null && Boolean.TRUE.equals(favorite.bool());
    }

    static DeliveryView view(Map<String, AttributeValue> item) {
        return new DeliveryView(delivery(item), status(item), DynamoItems.string(item, REASON));
    }

    static LogHead head(Map<String, AttributeValue> item) {
        String projection = DynamoItems.string(item, PROJECTION);
        AttributeValue links = item.get(LINKS);
        return new LogHead(delivery(item), projection == null ? DeliveryProjection.EMPTY
                : DynamoItems.fromJson(projection, DeliveryProjection.class), favorite(item),
                links == null ? List.of() : links.ss().stream().map(DeliveryItems::grant).toList());
    }

    /** An access link as {@link #LINKS} holds it. */
    static String link(AccessGrant grant) {
        return grant.tokenHash() + "|" + grant.validUntil() + "|" + grant.createdAt();
    }

    private static AccessGrant grant(String link) {
        String[] parts = link.split("\\|", 3);
        return new AccessGrant(parts[0], Instant.parse(parts[2]), Instant.parse(parts[1]));
    }

    /** The attributes a projection sets on the delivery's item, and those it removes, as one update. */
    record Projected(String update, Map<String, AttributeValue> values) {
    }

    /**
     * The delivery's item after {@code after}: its status (and status index), event count, dispatched attempt,
     * projection, the times of the tracking list and the non-delivery reason.
     */
    static Projected projected(Delivery delivery, DeliveryProjection after) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(after.status().name()));
        values.put(":statusPartition", s(DynamoKeys.trackingStatus(delivery.organismId(),
                delivery.consultationId(), after.status())));
        values.put(":count", n(after.events()));
        values.put(":dispatched", n(after.dispatchedAttempt()));
        values.put(":projection", DynamoItems.json(after));
        StringBuilder update = new StringBuilder("SET #status = :status, GSI4PK = :statusPartition, eventCount = :count, "
                + "dispatchedAttempt = :dispatched, #projection = :projection");
        Map<String, Instant> times = after.letterTimes();
        List<String> removed = new ArrayList<>();
        for (String letter : TIME_LETTERS) {
            if (times.containsKey(letter)) {
                values.put(":at" + letter, s(times.get(letter).toString()));
                update.append(", at").append(letter).append(" = :at").append(letter);
            } else {
                removed.add("at" + letter);
            }
        }
        if (after.reason() != null) {
            values.put(":reason", s(after.reason()));
            update.append(", reason = :reason");
        } else {
            removed.add("reason");
        }
        if (!removed.isEmpty()) {
            update.append(" REMOVE ").append(String.join(", ", removed));
        }
        return new Projected(update.toString(), values);
    }

    static Map<String, AttributeValue> event(String deliveryId, DeliveryEvent event) {
        return Map.of(PK, s(DynamoKeys.delivery(deliveryId)), SK, s(DynamoKeys.event(event.id())),
                "type", s(event.type().name()), "at", s(event.at().toString()), DATA, DynamoItems.json(event));
    }

    /**
     * An event as stored. Events written before their files became a field of their own kept the fingerprints as a
     * JSON text under {@link #LEGACY_FILES} in their details: they are read back into the field.
     */
    static DeliveryEvent event(Map<String, AttributeValue> item) {
        DeliveryEvent event = DynamoItems.fromJson(item, DeliveryEvent.class);
        String legacy = event.detail(LEGACY_FILES);
        if (legacy == null) {
            return event;
        }
        Map<String, String> details = new HashMap<>(event.details());
        details.remove(LEGACY_FILES);
        return new DeliveryEvent(event.id(), event.type(), event.at(), event.attempt(), event.actor(), details,
                List.of(DynamoItems.fromJson(legacy, FileFingerprint[].class)));
    }

    static Map<String, AttributeValue> reply(Reply reply) {
        return Map.of(PK, s(DynamoKeys.delivery(reply.deliveryId())), SK, s(DynamoKeys.REPLY),
                DATA, DynamoItems.json(reply));
    }

    static Reply reply(Map<String, AttributeValue> item) {
        return DynamoItems.fromJson(item, Reply.class);
    }

    static Map<String, AttributeValue> tokenKey(String tokenHash) {
        return DynamoKeys.key(DynamoKeys.token(tokenHash), DynamoKeys.MAIN);
    }

    /** The delivery a token item opens at {@code now}: none when absent, revoked or expired. */
    static Optional<String> tokenDelivery(Map<String, AttributeValue> item, Instant now) {
        if (item == null || item.isEmpty() || item.containsKey("revokedAt")
                || DynamoItems.number(item, "validUntil", 0) < now.toEpochMilli()) {
            return Optional.empty();
        }
        return Optional.of(DynamoItems.string(item, "deliveryId"));
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = DynamoItems.string(item, name);
        return value == null ? null : Instant.parse(value);
    }

    static boolean absent(Map<String, AttributeValue> item) {
        return item == null || item.isEmpty();
    }
}
