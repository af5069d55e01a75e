package fr.messagerie.aws;

import fr.messagerie.delivery.AccessLinks;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The access-link tokens, one item per token hash ({@link DeliveryItems#tokenKey}). */
public final class DynamoAccessLinks implements AccessLinks {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAccessLinks(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<String> deliveryOfToken(String tokenHash, Instant now) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(DeliveryItems.tokenKey(tokenHash))).item();
        return DeliveryItems.tokenDelivery(item, now);
    }
}
