package fr.messagerie.aws;

import fr.messagerie.proof.ProofRequests;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static fr.messagerie.aws.DynamoItems.n;

/**
 * The proof requests of a delivery ({@link ProofRequests}): on the delivery's partition, one counter per requester
 * and minute ({@link DynamoKeys#proofRequests}), its attribute {@code requests} removed by the table's TTL.
 */
public final class DynamoProofRequests implements ProofRequests {
    /** A counter of proof requests expires (the table's TTL) an hour after its minute. */
    private static final Duration RATE_KEPT = Duration.ofHours(1);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoProofRequests(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean count(String deliveryId, String requester, Instant at, int max) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(deliveryId, requester, minute))
                    .updateExpression("ADD requests :one SET #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(requests) OR requests < :max")
                    .expressionAttributeNames(Map.of("#ttl", "ttl"))
                    .expressionAttributeValues(Map.of(":one", n(1), ":max", n(max),
                            ":ttl", n(minute.plus(RATE_KEPT).getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String deliveryId, String requester, Instant minute) {
        return DynamoKeys.key(DynamoKeys.delivery(deliveryId), DynamoKeys.proofRequests(requester, minute));
    }
}
