package fr.messagerie.aws;

import fr.messagerie.delivery.DispatchClaims;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static fr.messagerie.aws.DynamoItems.n;

/**
 * The claim of each delivery's attempt, on the delivery's item, with the access link its email carries: one
 * conditional update.
 */
public final class DynamoDispatchClaims implements DispatchClaims {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDispatchClaims(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public DispatchClaim claim(String deliveryId, int attempt, Instant now, Duration lease, AccessGrant grant) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":attempt", n(attempt),
                ":until", n(now.plus(lease).toEpochMilli()), ":now", n(now.toEpochMilli())));
        if (grant != null) {
            values.put(":link", AttributeValue.fromSs(List.of(DeliveryItems.link(grant))));
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(DynamoKeys.deliveryKey(deliveryId))
                    .updateExpression("SET claimAttempt = :attempt, claimUntil = :until"
                            + (grant == null ? "" : " ADD " + DeliveryItems.LINKS + " :link"))
                    .conditionExpression("attribute_exists(PK)"
                            + " AND (attribute_not_exists(dispatchedAttempt) OR dispatchedAttempt < :attempt)"
                            + " AND (attribute_not_exists(claimUntil) OR claimUntil < :now OR claimAttempt < :attempt)")
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return DispatchClaim.GRANTED;
        } catch (ConditionalCheckFailedException e) {
            return refused(deliveryId, attempt, e.hasItem() ? e.item() : null);
        }
    }

    /** Why a claim was refused, from the delivery as the refusal returned it (read again when it did not). */
    private DispatchClaim refused(String deliveryId, int attempt, Map<String, AttributeValue> returned) {
        Map<String, AttributeValue> item = returned != null && !returned.isEmpty() ? returned
                : dynamo.getItem(r -> r.tableName(table).key(DynamoKeys.deliveryKey(deliveryId))
                .consistentRead(true)).item();
        return DynamoItems.number(item, DeliveryItems.DISPATCHED_ATTEMPT, 0) >= attempt
                ? DispatchClaim.ALREADY_SENT : DispatchClaim.HELD_BY_ANOTHER;
    }

    @Override
    public void releaseClaim(String deliveryId, int attempt) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(DynamoKeys.deliveryKey(deliveryId))
                    .updateExpression("REMOVE claimUntil")
                    .conditionExpression("claimAttempt = :attempt"
                            + " AND (attribute_not_exists(dispatchedAttempt) OR dispatchedAttempt < :attempt)")
                    .expressionAttributeValues(Map.of(":attempt", n(attempt))));
        } catch (ConditionalCheckFailedException e) {
            // Sent meanwhile, or claimed for a later attempt: nothing of ours to give up.
        }
    }
}
