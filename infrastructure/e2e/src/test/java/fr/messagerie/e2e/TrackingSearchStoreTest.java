package fr.messagerie.e2e;

import fr.messagerie.aws.DynamoConsultationStore;
import fr.messagerie.aws.DynamoDeliveryLog;
import fr.messagerie.aws.DynamoDeliveryStore;
import fr.messagerie.aws.DynamoKeys;
import fr.messagerie.aws.DynamoTrackingStore;
import fr.messagerie.common.Agent;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.Register;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.LetterText;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.tracking.ListTracking;
import fr.messagerie.tracking.TrackingQuery;
import fr.messagerie.tracking.TrackingRow;
import fr.messagerie.tracking.TrackingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the content filters of the tracking list read, on DynamoDB Local: the letters' texts and the recipients
 * written with the deliveries (corrected addresses too), each letter's lines from GSI5 newest first with their status
 * and favourite, the lines to one address from GSI2, the page's rows by BatchGetItem, the consultation and its counts
 * in one BatchGetItem; and the list they make, the same as a full read's.
 */
@ExtendWith(LocalAwsExtension.class)
class TrackingSearchStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoDeliveryStore deliveries;
    private final DynamoTrackingStore tracking;
    private final DynamoConsultationStore consultations;
    private final String organism = "org-" + UUID.randomUUID();
    private final String consultation = "cons-" + UUID.randomUUID();
    private final Agent alice;

    TrackingSearchStoreTest(LocalSystem system) {
        this.dynamo = system.dynamoDb();
        this.table = system.resources().tableName("MessagerieTable");
        this.deliveries = new DynamoDeliveryStore(dynamo, table);
        this.tracking = new DynamoTrackingStore(dynamo, table);
        this.consultations = new DynamoConsultationStore(dynamo, table);
        this.alice = new Agent("agent-1", "Alice MARTIN", "alice.martin@example.fr", organism, "DSI");
        consultations.save(new Consultation(consultation, organism, "ADO-1", "Toiture", null, null, null, null,
                null, Map.of()));
    }

    private Letter letter(String id, LetterType type, String subject, String body, Instant at) {
        return new Letter(id, consultation, organism, type, SendMode.ACCESS_LINK, ReplyOptions.NONE, subject, body,
                List.of(), alice, LetterState.SENT, at, at, at, 1);
    }

    private static Recipient recipient(String email, String name, String company) {
        return new Recipient(email, name, company, Register.FREE_RECIPIENTS);
    }

    private Delivery delivery(Letter letter, Recipient recipient, Instant at, String correctionOf) {
        return new Delivery(Delivery.idOf(letter.id(), recipient), letter.id(), consultation, organism,
                recipient, at, correctionOf);
    }

    @Test
    void the_content_filters_read_what_the_deliveries_wrote_and_page_as_the_full_read() {
        Letter prolongation = letter("l-" + UUID.randomUUID(), LetterType.MODIFICATION,
                "Prolongation du délai de remise des offres", "<p>Nouvelle date : le 15 décembre.</p>", T0);
        Letter documents = letter("l-" + UUID.randomUUID(), LetterType.COURRIER_LIBRE, "Transmission des documents",
                "<p>Veuillez trouver les <strong>pièces</strong>.</p>", T0.plusSeconds(60));
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            recipients.add(recipient("contact" + i + "@entreprise" + (i % 4) + ".fr", i % 3 == 0 ? null : "Élise " + i,
                    i % 2 == 0 ? "Société Générale de Bâtiment " + i : null));
        }
        List<Delivery> first = new ArrayList<>();
        List<Delivery> second = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            first.add(delivery(prolongation, recipients.get(i), T0.plusMillis(i % 5), null));
            second.add(delivery(documents, recipients.get(i), T0.plusSeconds(60).plusMillis(i), null));
        }
        // A fan-out in chunks of ten, one resumed (its first delivery exists), and a corrected address alone.
        deliveries.createAllIfAbsent(first.subList(0, 10), prolongation, LetterText.of(prolongation));
        deliveries.createAllIfAbsent(first.subList(10, 12), prolongation, LetterText.of(prolongation));
        deliveries.createIfAbsent(second.get(0), documents);
        deliveries.createAllIfAbsent(second.subList(0, 10), documents, LetterText.of(documents));
        deliveries.createAllIfAbsent(second.subList(10, 12), documents, LetterText.of(documents));
        Delivery corrected = delivery(documents, recipient("nouvelle.adresse@prolongation.example", "Élise 1", null),
                T0.plusSeconds(600), second.get(1).id());
        deliveries.createIfAbsent(corrected, documents);
        RecordDeliveryEvent events = new RecordDeliveryEvent(new DynamoDeliveryLog(dynamo, table));
        for (int i = 0; i < 12; i += 3) {
            events.record(first.get(i).id(), new DeliveryEvent("e" + i, EventType.SENT, T0, 1, "Technique", Map.of()));
            events.record(first.get(i).id(), new DeliveryEvent("d" + i, EventType.DELIVERED, T0.plusSeconds(1), 1,
                    "Technique", Map.of()));
        }
        tracking.setFavorite(first.get(1).id(), true);
        tracking.setFavorite(second.get(2).id(), true);

        List<TrackingStore.SearchedLetter> letters = tracking.searchedLetters(organism, consultation);
        assertEquals(Set.of(prolongation.id(), documents.id()), letters.stream()
                .map(TrackingStore.SearchedLetter::letterId).collect(Collectors.toSet()));
        assertTrue(letters.stream().anyMatch(l -> l.type() == LetterType.MODIFICATION
                && l.text().contains("prolongation du delai")), "normalised: " + letters);
        Optional<List<TrackingStore.SearchedRecipient>> directory = tracking.searchedRecipients(organism,
                consultation);
        assertEquals(13, directory.orElseThrow().size(), "twelve addresses and the corrected one, once each");
        assertTrue(directory.get().stream().anyMatch(r -> r.recipientKey().equals("nouvelle.adresse@prolongation"
                + ".example") && r.text().contains("elise 1")));

        List<TrackingStore.Line> lines = tracking.letterLines(prolongation.id(), null, null);
        List<TrackingRow> rows = tracking.rows(organism, consultation, null, null).stream()
                .filter(row -> row.letterId().equals(prolongation.id())).toList();
        assertEquals(rows.stream().map(row -> new TrackingStore.Line(row.deliveryId(), row.sentAt(), row.status(),
                row.favorite())).toList(), lines, "newest first, ties by id, with status and favourite");
        assertEquals(DeliveryStatus.DELIVERED, lines.stream().filter(l -> l.deliveryId().equals(first.get(0).id()))
                .findFirst().orElseThrow().status());
        assertEquals(List.of(), tracking.letterLines(prolongation.id(), T0.plusSeconds(1), null), "a date range");

        assertEquals(List.of(second.get(3).id(), first.get(3).id()), tracking.rowsTo(organism, consultation,
                recipients.get(3).key(), null, null).stream().map(TrackingRow::deliveryId).toList());
        List<String> ids = List.of(second.get(5).id(), first.get(2).id(), "unknown", corrected.id());
        assertEquals(List.of(second.get(5).id(), first.get(2).id(), corrected.id()), tracking.rows(ids).stream()
                .map(TrackingRow::deliveryId).toList());

        TrackingStore.Header header = tracking.header(organism, consultation);
        assertEquals(Optional.of(organism), header.organismId());
        assertTrue(tracking.header("other-" + organism, consultation).organismId().isEmpty());

        ListTracking list = new ListTracking(tracking);
        for (Map<String, String> parameters : List.of(Map.of("q", "prolongation"), Map.of("q", "PIÈCES élise"),
                Map.of("q", "prolongation societe", "limit", "10"), Map.of("q", "offres", "status", "DELIVERED"),
                Map.of("q", "nouvelle documents"), Map.of("type", "MODIFICATION", "favorite", "true"),
                Map.of("recipient", "entreprise1"), Map.of("q", "delai", "from", "2026-11-20", "to", "2026-11-20"),
                Map.of("q", "absent"))) {
            String cursor = null;
            do {
                Map<String, String> withCursor = new HashMap<>(parameters);
                if (cursor != null) {
                    withCursor.put("cursor", cursor);
                }
                TrackingQuery query = TrackingQuery.parse(withCursor);
                TrackingQuery.Page full = query.apply(tracking.rows(organism, consultation, query.fromInstant(),
                        query.toInstant()));
                TrackingQuery.Page page = list.list(alice, consultation, query);
                assertEquals(full, page, parameters.toString());
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        assertEquals(13, list.list(alice, consultation, TrackingQuery.parse(Map.of("q", "prolongation"))).total());
    }

    @Test
    void recipients_too_many_for_their_set_mark_the_consultation_whose_filters_then_read_every_line() {
        Letter letter = letter("l-" + UUID.randomUUID(), LetterType.COURRIER_LIBRE, "Documents", "<p>Bonjour.</p>",
                T0);
        Recipient recipient = recipient("plein@entreprise.fr", null, null);
        // The set this address falls in, filled to just under the 400 KB of an item.
        Map<String, AttributeValue> key = DynamoKeys.searchedRecipients(organism, consultation, recipient.key());
        int used = 2 + key.get("PK").s().length() + 2 + key.get("SK").s().length() + "recipients".length();
        int free = 20;
        List<String> filler = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String prefix = i + "\t";
            filler.add(prefix + "x".repeat((400 * 1024 - used - free) / 4 - prefix.length()));
        }
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("recipients", AttributeValue.fromSs(filler));
        dynamo.putItem(r -> r.tableName(table).item(item));
        assertTrue(tracking.searchedRecipients(organism, consultation).isPresent());

        deliveries.createIfAbsent(delivery(letter, recipient, T0, null), letter);

        assertFalse(tracking.searchedRecipients(organism, consultation).isPresent(), "marked incomplete");
        assertEquals(1, tracking.rows(organism, consultation, null, null).size(), "the delivery is created");
        assertEquals(1, tracking.searchedLetters(organism, consultation).size());
    }
}
