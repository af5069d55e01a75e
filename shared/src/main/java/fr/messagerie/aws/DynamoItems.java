package fr.messagerie.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import fr.messagerie.support.Json;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.Map;

/**
 * Small helpers to read and write attribute values; domain records are stored as JSON in a "data" attribute. The keys
 * are laid out in {@link DynamoKeys}.
 */
final class DynamoItems {
    static final String DATA = "data";

    private DynamoItems() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static long number(Map<String, AttributeValue> item, String name, long absent) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? absent : Long.parseLong(value.n());
    }

    static AttributeValue json(Object value) {
        try {
            return s(Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T fromJson(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt " + type.getSimpleName(), e);
        }
    }

    static <T> T fromJson(Map<String, AttributeValue> item, Class<T> type) {
        try {
            return Json.MAPPER.readValue(item.get(DATA).s(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt " + type.getSimpleName() + " item " + item.get(DynamoKeys.PK), e);
        }
    }

    /** One of the updates built for transactions, made alone. */
    static void updateAlone(DynamoDbClient dynamo, Update update) {
        dynamo.updateItem(r -> {
            r.tableName(update.tableName()).key(update.key()).updateExpression(update.updateExpression())
                    .conditionExpression(update.conditionExpression())
                    .expressionAttributeValues(update.expressionAttributeValues());
            if (update.hasExpressionAttributeNames()) {
                r.expressionAttributeNames(update.expressionAttributeNames());
            }
        });
    }
}
