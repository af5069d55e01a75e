package fr.messagerie.aws;

import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryLog;
import fr.messagerie.delivery.DeliveryProjection;
import fr.messagerie.delivery.DeliveryStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static fr.messagerie.aws.DynamoItems.n;
import static fr.messagerie.aws.DynamoItems.s;

/**
 * The event log of each delivery ({@link DeliveryLog}): its events beside the delivery's item, whose projection moves
 * with each event in the same transaction, and with it the consultation's counts when the status changes. Keys:
 * {@link DynamoKeys}; items: {@link DeliveryItems}.
 */
public final class DynamoDeliveryLog implements DeliveryLog {
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String CONFLICT = "TransactionConflict";
    private static final String NONE = "None";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDeliveryLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<DeliveryEvent> events(String deliveryId) {
        List<DeliveryEvent> events = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :event)")
                        .expressionAttributeValues(Map.of(":pk", s(DynamoKeys.delivery(deliveryId)),
                                ":event", s(DynamoKeys.EVENTS))))
                .items()
                .forEach(item -> events.add(DeliveryItems.event(item)));
        return events;
    }

    @Override
    public Optional<LogHead> head(String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(DynamoKeys.deliveryKey(deliveryId)).projectionExpression(DeliveryItems.HEAD_PROJECTION)
                .expressionAttributeNames(DeliveryItems.HEAD_NAMES)).item();
        return DeliveryItems.absent(item) ? Optional.empty() : Optional.of(DeliveryItems.head(item));
    }

    /**
     * One transaction: the event, if absent; the delivery's projection, if its log and its star are still those of
     * {@code head}; and, when the status changes, the consultation's counts. So the log, the status and the counts
     * never disagree, whatever crashes.
     */
    @Override
    public Append append(String deliveryId, LogHead head, DeliveryEvent event, DeliveryProjection after) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(DeliveryItems.event(deliveryId, event))
                .conditionExpression("attribute_not_exists(PK)")).build());
        writes.add(TransactWriteItem.builder().update(projectionUpdate(deliveryId, head, after)).build());
        DeliveryStatus before = head.projection().status();
        if (before != after.status()) {
            Map<String, Integer> changes = new HashMap<>(Map.of(TrackingItems.statusCount(before), -1,
                    TrackingItems.statusCount(after.status()), 1));
            if (head.favorite()) {
                changes.put(TrackingItems.favoriteCount(before), -1);
                changes.put(TrackingItems.favoriteCount(after.status()), 1);
            }
            writes.add(TransactWriteItem.builder().update(TrackingItems.countsUpdate(table, head.delivery(), changes))
                    .build());
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
            return Append.APPENDED;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons.isEmpty()) {
                throw e;
            }
            if (CONDITION_FAILED.equals(reasons.get(0).code())) {
                return Append.DUPLICATE;
            }
            if (reasons.stream().allMatch(reason -> reason.code() == null || NONE.equals(reason.code())
                    || CONDITION_FAILED.equals(reason.code()) || CONFLICT.equals(reason.code()))) {
                return Append.STALE;
            }
            throw e;
        }
    }

    /** The projection written, if the delivery's log and star are still those of {@code head}. */
    private Update projectionUpdate(String deliveryId, LogHead head, DeliveryProjection after) {
        DeliveryItems.Projected projected = DeliveryItems.projected(head.delivery(), after);
        Map<String, AttributeValue> values = new HashMap<>(projected.values());
        values.put(":before", n(head.projection().events()));
        values.put(":favorite", AttributeValue.fromBool(true));
        String unchanged = head.projection().events() == 0
                ? "(attribute_not_exists(eventCount) OR eventCount = :before)" : "eventCount = :before";
        String star = head.favorite() ? "favorite = :favorite" : "(attribute_not_exists(favorite) OR favorite <> :favorite)";
        return Update.builder().tableName(table).key(DynamoKeys.deliveryKey(deliveryId))
                .updateExpression(projected.update())
                .conditionExpression("attribute_exists(PK) AND " + unchanged + " AND " + star)
                .expressionAttributeNames(DeliveryItems.PROJECTED_NAMES)
                .expressionAttributeValues(values).build();
    }
}
