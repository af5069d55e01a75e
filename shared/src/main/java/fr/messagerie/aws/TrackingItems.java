package fr.messagerie.aws;

import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterText;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.tracking.ContentSearch;
import fr.messagerie.tracking.TrackingRow;
import fr.messagerie.tracking.TrackingStore.Counts;
import fr.messagerie.tracking.TrackingStore.Line;
import fr.messagerie.tracking.TrackingStore.SearchedLetter;
import fr.messagerie.tracking.TrackingStore.SearchedRecipient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static fr.messagerie.aws.DynamoItems.n;
import static fr.messagerie.aws.DynamoItems.s;

/**
 * The tracking list as the table keeps it: its rows are the deliveries' items ({@link DeliveryItems}), read back as
 * {@link TrackingRow}s; its counts per status, and favourites per status, are one item per consultation
 * ({@link DynamoKeys#counts}) with attributes {@code n_STATUS} and {@code f_STATUS}, a {@code version} moved by every
 * change and the time of the last recount. What the content filters search first ({@link ContentSearch}), on the
 * consultation's partition: one item per sent letter ({@code letterId}, {@code letterType}, {@code text}) and the
 * consultation's recipients in sets ({@code recipients}, see {@link #recipientValue}), written
 * idempotently with the deliveries.
 */
final class TrackingItems {
    static final String VERSION = "version";
    static final String RECOUNTED_AT = "recountedAt";

    private TrackingItems() {
    }

    static TrackingRow row(Map<String, AttributeValue> item) {
        Delivery delivery = DeliveryItems.delivery(item);
        return new TrackingRow(delivery.id(), delivery.letterId(), delivery.createdAt(),
                DeliveryItems.status(item),
                LetterType.valueOf(DynamoItems.string(item, DeliveryItems.LETTER_TYPE)),
                DynamoItems.string(item, DeliveryItems.SUBJECT), DynamoItems.string(item, DeliveryItems.EXCERPT),
                delivery.recipient(), DeliveryItems.instant(item, "atE"), DeliveryItems.instant(item, "atD"),
                DeliveryItems.instant(item, "atL"), DeliveryItems.instant(item, "atR"), DeliveryItems.favorite(item),
                DynamoItems.string(item, DeliveryItems.REASON), DynamoItems.string(item, DeliveryItems.REPLY_EXCERPT),
                DynamoItems.fromJson(DynamoItems.string(item, DeliveryItems.REPLY_OPTIONS), ReplyOptions.class),
                DynamoItems.string(item, DeliveryItems.SEARCH));
    }

    /** The counter of the lines of one status. */
    static String statusCount(DeliveryStatus status) {
        return "n_" + status.name();
    }

    /** The counter of the favourite lines of one status. */
    static String favoriteCount(DeliveryStatus status) {
        return "f_" + status.name();
    }

    /** The same, for a status as the delivery's item stores it. */
    static String favoriteCount(String status) {
        return "f_" + status;
    }

    static Counts counts(Map<String, AttributeValue> stored) {
        Map<DeliveryStatus, Integer> byStatus = new EnumMap<>(DeliveryStatus.class);
        Map<DeliveryStatus, Integer> favorites = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            positive(stored, statusCount(status)).ifPresent(n -> byStatus.put(status, n));
            positive(stored, favoriteCount(status)).ifPresent(n -> favorites.put(status, n));
        }
        return new Counts(byStatus, favorites);
    }

    /** The counts of a consultation as a recount found them, replacing those of {@code version}. */
    static Map<String, AttributeValue> counted(String organismId, String consultationId, Counts counted, long version,
                                               Instant recountedAt) {
        Map<String, AttributeValue> item = new HashMap<>(DynamoKeys.counts(organismId, consultationId));
        counted.byStatus().forEach((status, n) -> item.put(statusCount(status), n(n)));
        counted.favoritesByStatus().forEach((status, n) -> item.put(favoriteCount(status), n(n)));
        item.put(VERSION, n(version));
        item.put(RECOUNTED_AT, s(recountedAt.toString()));
        return item;
    }

    static Instant recountedAt(Map<String, AttributeValue> stored) {
        return stored.containsKey(RECOUNTED_AT) ? Instant.parse(DynamoItems.string(stored, RECOUNTED_AT)) : null;
    }

    private static Optional<Integer> positive(Map<String, AttributeValue> item, String name) {
        long value = DynamoItems.number(item, name, 0);
        return value > 0 ? Optional.of((int) value) : Optional.empty();
    }

    /**
     * Moves the counts of a delivery's consultation (counter name → delta), and their version, which tells a recount
     * running meanwhile that its result is already stale.
     */
    static Update countsUpdate(String table, Delivery delivery, Map<String, Integer> changes) {
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> adds = new ArrayList<>();
        changes.forEach((name, delta) -> {
            values.put(":" + name, n(delta));
            adds.add(name + " :" + name);
        });
        values.put(":one", n(1));
        return Update.builder().tableName(table).key(DynamoKeys.counts(delivery.organismId(),
                        delivery.consultationId()))
                .updateExpression("ADD " + String.join(", ", adds) + ", " + VERSION + " :one")
                .expressionAttributeValues(values).build();
    }

    static final String LETTER_ID = "letterId";
    static final String TEXT = "text";
    static final String RECIPIENTS = "recipients";

    /** A line as the letter's index (GSI5) holds it: keys, status and favourite. */
    static Line line(Map<String, AttributeValue> item) {
        String timeline = DynamoItems.string(item, DynamoKeys.GSI5SK);
        return new Line(DynamoItems.string(item, DynamoKeys.PK).substring(DynamoKeys.delivery("").length()),
                Instant.parse(timeline.substring(0, timeline.indexOf('#'))), DeliveryItems.status(item),
                DeliveryItems.favorite(item));
    }

    /** The letter's text for its consultation's content filters: the same for each of its deliveries. */
    static Put searchedLetter(String table, Delivery delivery, Letter letter, LetterText text) {
        Map<String, AttributeValue> item = new HashMap<>(DynamoKeys.searchedLetter(delivery.organismId(),
                delivery.consultationId(), delivery.letterId()));
        item.put(LETTER_ID, s(delivery.letterId()));
        item.put(DeliveryItems.LETTER_TYPE, s(letter.type().name()));
        item.put(TEXT, s(ContentSearch.letterText(text)));
        return Put.builder().tableName(table).item(item).build();
    }

    static SearchedLetter searchedLetter(Map<String, AttributeValue> item) {
        return new SearchedLetter(DynamoItems.string(item, LETTER_ID),
                LetterType.valueOf(DynamoItems.string(item, DeliveryItems.LETTER_TYPE)), DynamoItems.string(item, TEXT));
    }

    /** Adds the recipients of deliveries of one consultation to its sets: one update per set they fall in. */
    static List<Update> searchedRecipients(String table, Delivery any, Collection<Recipient> recipients) {
        Map<Map<String, AttributeValue>, List<String>> bySet = new LinkedHashMap<>();
        for (Recipient recipient : recipients) {
            bySet.computeIfAbsent(DynamoKeys.searchedRecipients(any.organismId(), any.consultationId(),
                    recipient.key()), k -> new ArrayList<>())
                    .add(recipientValue(recipient.key(), ContentSearch.recipientText(recipient)));
        }
        List<Update> updates = new ArrayList<>();
        bySet.forEach((key, values) -> updates.add(Update.builder().tableName(table).key(key)
                .updateExpression("ADD " + RECIPIENTS + " :recipients")
                .expressionAttributeValues(Map.of(":recipients", AttributeValue.fromSs(values))).build()));
        return updates;
    }

    /**
     * The address, a tab, then the text: "+" and what follows the address when the text starts with it (an ASCII
     * address), "=" and the whole text otherwise. A third of the set's size saved, read on each content search.
     */
    private static String recipientValue(String key, String text) {
        return text.startsWith(key) ? key + "\t+" + text.substring(key.length()) : key + "\t=" + text;
    }

    /** The recipients of one set; empty for the overflow mark. */
    static List<SearchedRecipient> searchedRecipients(Map<String, AttributeValue> item) {
        AttributeValue set = item.get(RECIPIENTS);
        if (set == null || !set.hasSs()) {
            return List.of();
        }
        List<SearchedRecipient> recipients = new ArrayList<>();
        for (String value : set.ss()) {
            int tab = value.indexOf('\t');
            String key = value.substring(0, tab);
            String text = value.charAt(tab + 1) == '+' ? key + value.substring(tab + 2) : value.substring(tab + 2);
            recipients.add(new SearchedRecipient(key, text));
        }
        return recipients;
    }
}
