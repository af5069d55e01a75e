package fr.messagerie.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.messagerie.support.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DynamoDB of a priming twin while {@link Priming#prime} runs: a scratch table in memory that holds only the
 * synthetic items the priming wrote itself ({@link PrimingRecords}), so that the function's reads find a letter, a
 * delivery, a file as a real request does, and parse them with the function's own code. It answers the DynamoDB
 * JSON protocol for what the stores use: PutItem and DeleteItem by key, GetItem, Query on the partition (of the
 * table or of an index) with an optional {@code begins_with} on the sort key, UpdateItem answered with the stored
 * item as its image and applied only for its {@code ADD} of a string set (a claim's access link), TransactWriteItems
 * by applying its puts only; conditions, filters and sort-key ranges are not evaluated, and the other operations
 * (batches) succeed empty. It is dropped when the priming ends: nothing of it reaches the snapshot.
 */
final class OfflineTable {
    private static final String OPERATION = "DynamoDB_20120810.";
    /**
     * {@code ATTR = :value}, then optionally {@code AND begins_with(ATTR, :prefix)} or
     * {@code AND ATTR BETWEEN :low AND :high}.
     */
    private static final Pattern KEY_CONDITION = Pattern.compile(
            "\\s*(\\w+)\\s*=\\s*(:\\w+)(?:\\s+AND\\s+(?:begins_with\\(\\s*(\\w+)\\s*,\\s*(:\\w+)\\s*\\)"
                    + "|(\\w+)\\s+BETWEEN\\s+(:\\w+)\\s+AND\\s+(:\\w+)))?.*");

    private static final Pattern ADD_TO_SET = Pattern.compile("\\bADD\\s+(\\w+)\\s+(:\\w+)");

    private final Map<String, ObjectNode> items = new LinkedHashMap<>();
    private int itemsRead;

    /** The answer to one DynamoDB request ({@code X-Amz-Target} {@code DynamoDB_20120810.<operation>}). */
    synchronized byte[] answer(String target, byte[] body) {
        try {
            JsonNode request = body.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
            ObjectNode response = Json.MAPPER.createObjectNode();
            switch (target.substring(OPERATION.length())) {
                case "PutItem" -> items.put(key(request.path("Item")), (ObjectNode) request.path("Item").deepCopy());
                case "DeleteItem" -> items.remove(key(request.path("Key")));
                case "GetItem" -> {
                    ObjectNode item = items.get(key(request.path("Key")));
                    if (item != null) {
                        response.set("Item", item.deepCopy());
                        itemsRead++;
                    }
                }
                case "Query" -> {
                    ArrayNode found = response.putArray("Items");
                    query(request).forEach(item -> found.add(item.deepCopy()));
                    response.put("Count", found.size()).put("ScannedCount", found.size());
                    itemsRead += found.size();
                }
                case "UpdateItem" -> {
                    // The item as it is stands for the image asked for, if any; only a set's ADD is applied.
                    ObjectNode item = items.get(key(request.path("Key")));
                    if (item != null && !request.path("ReturnValues").asText("NONE").equals("NONE")) {
                        response.set("Attributes", item.deepCopy());
                    }
                    Matcher added = ADD_TO_SET.matcher(request.path("UpdateExpression").asText());
                    JsonNode value = added.find() ? request.path("ExpressionAttributeValues").path(added.group(2))
                            : null;
                    if (item != null && value != null && value.has("SS")) {
                        ArrayNode set = item.with(added.group(1)).withArray("SS");
                        value.path("SS").forEach(set::add);
                    }
                }
                case "TransactWriteItems" -> {
                    // Its puts are kept (an event, the deliveries of a fan-out); updates are not applied.
                    for (JsonNode write : request.path("TransactItems")) {
                        if (write.has("Put")) {
                            items.put(key(write.path("Put").path("Item")),
                                    (ObjectNode) write.path("Put").path("Item").deepCopy());
                        }
                    }
                }
                default -> {
                    // Batches: accepted, as by a table that has nothing to say.
                }
            }
            return Json.MAPPER.writeValueAsBytes(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many items GetItem and Query returned so far. */
    synchronized int itemsRead() {
        return itemsRead;
    }

    private List<ObjectNode> query(JsonNode request) {
        Matcher condition = KEY_CONDITION.matcher(request.path("KeyConditionExpression").asText());
        if (!condition.matches()) {
            return List.of();
        }
        JsonNode values = request.path("ExpressionAttributeValues");
        String partition = condition.group(1);
        String value = values.path(condition.group(2)).path("S").asText(null);
        String sortKey = condition.group(3);
        String prefix = sortKey == null ? null : values.path(condition.group(4)).path("S").asText(null);
        String rangeKey = condition.group(5);
        String low = rangeKey == null ? null : values.path(condition.group(6)).path("S").asText("");
        String high = rangeKey == null ? null : values.path(condition.group(7)).path("S").asText("");
        List<ObjectNode> found = new ArrayList<>();
        for (ObjectNode item : items.values()) {
            if (value != null && value.equals(item.path(partition).path("S").asText(null))
                    && (prefix == null || item.path(sortKey).path("S").asText("").startsWith(prefix))
                    && (rangeKey == null || between(item.path(rangeKey).path("S").asText(""), low, high))) {
                found.add(item);
            }
        }
        found.sort(Comparator.comparing(item -> item.path("SK").path("S").asText("")));
        return found;
    }

    private static boolean between(String sortKey, String low, String high) {
        return sortKey.compareTo(low) >= 0 && sortKey.compareTo(high) <= 0;
    }

    private static String key(JsonNode item) {
        return item.path(DynamoKeys.PK).path("S").asText() + '\u0000' + item.path(DynamoKeys.SK).path("S").asText();
    }
}
