package fr.messagerie.aws;

import fr.messagerie.common.Bounds;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * The size DynamoDB gives an item, as its developer guide computes it ("Item sizes and formats"): names and values
 * in UTF-8, numbers up to 21 bytes, 3 bytes of overhead per list or map and 1 per element.
 */
public final class ItemSize {
    /** DynamoDB refuses any item over 400 KB, attribute names included. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    private ItemSize() {
    }

    public static long of(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += Bounds.utf8Length(attribute.getKey()) + of(attribute.getValue());
        }
        return size;
    }

    private static long of(AttributeValue value) {
        if (value.s() != null) {
            return Bounds.utf8Length(value.s());
        }
        if (value.n() != null) {
            // Significant digits, two per byte, plus one: never above 21.
            return Math.min(21, (value.n().replaceAll("[^0-9]", "").length() + 1) / 2 + 1);
        }
        if (value.b() != null) {
            return value.b().asByteArray().length;
        }
        if (value.bool() != null || Boolean.TRUE.equals(value.nul())) {
            return 1;
        }
        if (value.hasM()) {
            long size = 3;
            for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
                size += Bounds.utf8Length(entry.getKey()) + of(entry.getValue()) + 1;
            }
            return size;
        }
        if (value.hasL()) {
            long size = 3;
            for (AttributeValue element : value.l()) {
                size += of(element) + 1;
            }
            return size;
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToLong(Bounds::utf8Length).sum();
        }
        if (value.hasNs()) {
            return value.ns().size() * 21L;
        }
        return 0;
    }
}
