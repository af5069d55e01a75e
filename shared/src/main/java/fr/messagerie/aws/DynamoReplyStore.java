package fr.messagerie.aws;

import fr.messagerie.letters.RichText;
import fr.messagerie.recipient.Reply;
import fr.messagerie.recipient.ReplyStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.Map;
import java.util.Optional;

import static fr.messagerie.aws.DynamoItems.s;

/** The reply of each delivery, in the delivery's partition, its excerpt copied to the tracking row. */
public final class DynamoReplyStore implements ReplyStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoReplyStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean saveReply(Reply reply) {
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(DeliveryItems.reply(reply))
                    .conditionExpression("attribute_not_exists(PK)"));
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
        dynamo.updateItem(r -> r.tableName(table).key(DynamoKeys.deliveryKey(reply.deliveryId()))
                .updateExpression("SET replyExcerpt = :excerpt")
                .expressionAttributeValues(Map.of(":excerpt", s(RichText.excerpt(reply.body(), 200)))));
        return true;
    }

    @Override
    public Optional<Reply> reply(String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(DynamoKeys.key(DynamoKeys.delivery(deliveryId), DynamoKeys.REPLY))).item();
        return DeliveryItems.absent(item) ? Optional.empty() : Optional.of(DeliveryItems.reply(item));
    }
}
