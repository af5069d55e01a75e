package fr.messagerie.aws;

import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.files.AttachmentStore.Owner;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The table's key layout, as the stored items hold it: changing a key would orphan every item written before. */
class DynamoKeysTest {

    @Test
    void the_keys_of_each_entity() {
        assertEquals("ORG#o1", DynamoKeys.organism("o1"));
        assertEquals("ORG#o1#CONS#c1", DynamoKeys.consultation("o1", "c1"));
        assertEquals("ORG#o1#CONSULTATIONS", DynamoKeys.consultationsOf("o1"));
        assertEquals("REF-1#c1", DynamoKeys.consultationInList("REF-1", "c1"));
        assertEquals("FREE#a@b.fr", DynamoKeys.freeRecipient("a@b.fr"));
        assertEquals(Map.of("PK", AttributeValue.fromS("ORG#o1#CONS#c1"), "SK", AttributeValue.fromS("COUNTS")),
                DynamoKeys.counts("o1", "c1"));
        assertEquals("LETTER#l1", DynamoKeys.letter("l1"));
        assertEquals("ORG#o1#CONS#c1#LETTERS", DynamoKeys.lettersOf("o1", "c1"));
        assertEquals(Map.of("PK", AttributeValue.fromS("DLV#d1"), "SK", AttributeValue.fromS("A")),
                DynamoKeys.deliveryKey("d1"));
        assertEquals("DLV#a@b.fr", DynamoKeys.letterDeliveryTo("a@b.fr"));
        assertEquals("ORG#o1#CONS#c1#TO#a@b.fr", DynamoKeys.deliveriesTo("o1", "c1", "a@b.fr"));
        assertEquals("ORG#o1#CONS#c1#TRACK", DynamoKeys.tracking("o1", "c1"));
        assertEquals("ORG#o1#CONS#c1#TRACK#DELIVERED", DynamoKeys.trackingStatus("o1", "c1", DeliveryStatus.DELIVERED));
        assertEquals("EV#e1", DynamoKeys.event("e1"));
        assertEquals("REPLY", DynamoKeys.REPLY);
        assertEquals("RATE#proof#agent#2026-01-05T09:30:00Z",
                DynamoKeys.proofRequests("agent", Instant.parse("2026-01-05T09:30:00Z")));
        assertEquals("TOKEN#ab", DynamoKeys.token("ab"));
        assertEquals("LETTER#l1", DynamoKeys.filesOf(Owner.letter("l1")));
        assertEquals("DLV#d1", DynamoKeys.filesOf(Owner.reply("d1")));
        assertEquals("FILE#f1", DynamoKeys.file("f1"));
        assertEquals("USAGE#FILES", DynamoKeys.FILES_USAGE);
        assertEquals("GSI4SK", DynamoKeys.GSI4SK);
    }

    @Test
    void sort_keys_on_time_have_a_fixed_width() {
        assertEquals("2026-01-05T09:30:00.000000000Z#d1",
                DynamoKeys.timeline(Instant.parse("2026-01-05T09:30:00Z"), "d1"));
    }
}
