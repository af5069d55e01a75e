package fr.messagerie.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import fr.messagerie.support.Json;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Small helpers to read and write attribute values; domain records are stored as JSON in a "data" attribute. */
final class DynamoItems {
    static final String PK = "PK";
    static final String SK = "SK";
    static final String DATA = "data";

    private DynamoItems() {
    }

    private static final DateTimeFormatter SORTABLE = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Fixed-width UTC time, so that sort keys order like instants (Instant.toString drops zero fractions). */
    static String sortable(Instant instant) {
        return SORTABLE.format(instant);
    }

    /**
     * The partition of a consultation and the prefix of every key derived from it (tracking list, counts, drafts,
     * a company's history): consultation ids are unique only within their organism. Organism ids hold no '#'.
     */
    static String consultationPartition(String organismId, String consultationId) {
        return "ORG#" + organismId + "#CONS#" + consultationId;
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
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
            throw new IllegalStateException("Corrupt " + type.getSimpleName() + " item " + item.get(PK), e);
        }
    }
}
