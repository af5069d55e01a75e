package fr.messagerie.aws;

import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.DeliveryView;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterText;
import fr.messagerie.recipient.Reply;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static fr.messagerie.aws.DynamoItems.s;

/**
 * Deliveries ({@link DeliveryStore}). The delivery item is also its line of the tracking list
 * ({@link DynamoTrackingStore}): it is created with the counts of its consultation, which {@link DynamoDeliveryLog}
 * moves with each status change. Keys: {@link DynamoKeys}; items: {@link DeliveryItems}.
 */
public final class DynamoDeliveryStore implements DeliveryStore {
    private static final String VALIDATION = "ValidationError";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDeliveryStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void createIfAbsent(Delivery delivery, Letter letter) {
        createIfAbsent(delivery, letter, LetterText.of(letter));
    }

    /** What the content filters search is written first: kept without its delivery, it only finds nothing. */
    @Override
    public void createIfAbsent(Delivery delivery, Letter letter, LetterText text) {
        writeSearched(List.of(delivery), letter, text);
        try {
            dynamo.putItem(r -> r.tableName(table).item(DeliveryItems.created(delivery, letter, text))
                    .conditionExpression("attribute_not_exists(PK)"));
        } catch (ConditionalCheckFailedException e) {
            // Created by an earlier, interrupted fan-out: keep it and its state as they are.
            return;
        }
        DynamoItems.updateAlone(dynamo, TrackingItems.countsUpdate(table, delivery,
                Map.of(TrackingItems.statusCount(DeliveryStatus.SENDING), 1)));
    }

    /**
     * One transaction for all (a fan-out chunk of 10: at most 10 × 320 KB, under the 4 MB of a transaction) with
     * their count, their letter's text and their recipients for the content filters (idempotent writes); if any
     * exists already (a fan-out resumed) or the transaction cannot be taken, one by one.
     */
    @Override
    public void createAllIfAbsent(List<Delivery> deliveries, Letter letter, LetterText text) {
        if (deliveries.isEmpty()) {
            return;
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                    .item(DeliveryItems.created(delivery, letter, text))
                    .conditionExpression("attribute_not_exists(PK)")).build());
        }
        writes.add(TransactWriteItem.builder().update(TrackingItems.countsUpdate(table, deliveries.get(0),
                Map.of(TrackingItems.statusCount(DeliveryStatus.SENDING), deliveries.size()))).build());
        writes.addAll(searchedWrites(deliveries, letter, text));
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException e) {
            deliveries.forEach(delivery -> createIfAbsent(delivery, letter, text));
        } catch (DynamoDbException e) {
            if (!validation(e)) {
                throw e;
            }
            deliveries.forEach(delivery -> createIfAbsent(delivery, letter, text));
        }
    }

    private List<TransactWriteItem> searchedWrites(List<Delivery> deliveries, Letter letter, LetterText text) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(TrackingItems.searchedLetter(table, deliveries.get(0), letter,
                text)).build());
        TrackingItems.searchedRecipients(table, deliveries.get(0), deliveries.stream().map(Delivery::recipient)
                .toList()).forEach(update -> writes.add(TransactWriteItem.builder().update(update).build()));
        return writes;
    }

    /**
     * The letter's text and the recipients, in one transaction. A set of recipients too large for an item marks the
     * consultation instead, whose content filters then read every line.
     */
    private void writeSearched(List<Delivery> deliveries, Letter letter, LetterText text) {
        try {
            dynamo.transactWriteItems(r -> r.transactItems(searchedWrites(deliveries, letter, text)));
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().noneMatch(reason -> VALIDATION.equals(reason.code()))) {
                throw e;
            }
            markRecipientsOverflow(deliveries.get(0), letter, text);
        } catch (DynamoDbException e) {
            if (!validation(e)) {
                throw e;
            }
            markRecipientsOverflow(deliveries.get(0), letter, text);
        }
    }

    /** A request DynamoDB refuses as it is (an item over 400 KB), not one to try again. */
    private static boolean validation(DynamoDbException e) {
        return e.awsErrorDetails() != null && "ValidationException".equals(e.awsErrorDetails().errorCode());
    }

    private void markRecipientsOverflow(Delivery delivery, Letter letter, LetterText text) {
        dynamo.putItem(r -> r.tableName(table).item(DynamoKeys.searchedRecipientsOverflow(delivery.organismId(),
                delivery.consultationId())));
        Map<String, AttributeValue> letterText = TrackingItems.searchedLetter(table, delivery, letter, text).item();
        dynamo.putItem(r -> r.tableName(table).item(letterText));
    }

    @Override
    public Optional<Delivery> find(String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(DynamoKeys.deliveryKey(deliveryId)).consistentRead(true)).item();
        return DeliveryItems.absent(item) ? Optional.empty() : Optional.of(DeliveryItems.delivery(item));
    }

    /**
     * One Query of the delivery's partition, from its item ({@code A}) to its reply ({@code REPLY}): the events lie
     * between them, and so do the reply's files and the proof counters, skipped here (a filter cannot name the sort
     * key).
     */
    @Override
    public Optional<WithLog> findWithLog(String deliveryId) {
        Delivery delivery = null;
        Reply reply = null;
        List<DeliveryEvent> events = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :main AND :reply")
                .expressionAttributeValues(Map.of(":pk", s(DynamoKeys.delivery(deliveryId)),
                        ":main", s(DynamoKeys.MAIN), ":reply", s(DynamoKeys.REPLY)))).items()) {
            String sk = DynamoItems.string(item, DynamoKeys.SK);
            if (DynamoKeys.MAIN.equals(sk)) {
                delivery = DeliveryItems.delivery(item);
            } else if (sk.startsWith(DynamoKeys.EVENTS)) {
                events.add(DeliveryItems.event(item));
            } else if (DynamoKeys.REPLY.equals(sk)) {
                reply = DeliveryItems.reply(item);
            }
        }
        return delivery == null ? Optional.empty()
                : Optional.of(new WithLog(delivery, events, Optional.ofNullable(reply)));
    }

    @Override
    public List<DeliveryView> ofLetter(String letterId) {
        List<DeliveryView> views = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).indexName(DynamoKeys.GSI1)
                        .keyConditionExpression("GSI1PK = :letter")
                        .expressionAttributeValues(Map.of(":letter", s(DynamoKeys.letter(letterId)))))
                .items()
                .forEach(item -> views.add(DeliveryItems.view(item)));
        return views;
    }

    @Override
    public List<DeliveryView> toRecipient(String organismId, String consultationId, String recipientKey) {
        List<DeliveryView> views = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).indexName(DynamoKeys.GSI2).scanIndexForward(false)
                        .keyConditionExpression("GSI2PK = :recipient")
                        .expressionAttributeValues(Map.of(":recipient",
                                s(DynamoKeys.deliveriesTo(organismId, consultationId, recipientKey)))))
                .items()
                .forEach(item -> views.add(DeliveryItems.view(item)));
        return views;
    }
}
