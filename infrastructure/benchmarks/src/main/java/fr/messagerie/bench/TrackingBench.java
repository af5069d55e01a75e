package fr.messagerie.bench;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.aws.DynamoDeliveryLog;
import fr.messagerie.aws.DynamoDeliveryStore;
import fr.messagerie.aws.DynamoKeys;
import fr.messagerie.aws.DynamoLetterStore;
import fr.messagerie.common.Agent;
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
import fr.messagerie.sam.LocalSystem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The tracking list of a consultation with many rows, seeded straight into the table, beside one raw Query. */
final class TrackingBench {
    private static final int RECIPIENTS_PER_LETTER = 100;
    /** One letter in ten is about "prolongation" (the content filter); one row in twenty is delivered (seed). */
    private static final String KEYWORD = "prolongation";

    private final LocalSystem system;
    private final BenchAgent agent;
    private final BenchOptions options;
    private final RawCalls raw;

    TrackingBench(LocalSystem system, BenchAgent agent, BenchOptions options, RawCalls raw) {
        this.system = system;
        this.agent = agent;
        this.options = options;
        this.raw = raw;
    }

    void run(Report.Section section) {
        int rows = options.trackingRows();
        String consultation = agent.newConsultation();
        long seeding = Samples.elapsed(() -> seed(system, consultation, rows, RECIPIENTS_PER_LETTER, 20));
        String base = "/consultations/" + consultation + "/deliveries";
        JsonNode first = agent.get(base);
        if (first.path("total").asInt() != rows) {
            throw new IllegalStateException("The list counts " + first.path("total") + " rows, not " + rows);
        }
        String note = rows + " rows seeded in " + Report.ms(seeding / 1e6);
        row(section, "First page", base, "BatchGetItem (consultation, counts) ‖ Query GSI3 (Limit 25)",
                measure(() -> raw.trackingListPage(consultation, null)), note);
        row(section, "Status filter", base + "?status=DELIVERED",
                "BatchGetItem (consultation, counts) ‖ Query GSI4 (Limit 25)",
                measure(() -> raw.trackingListPage(consultation, DeliveryStatus.DELIVERED)), note);
        // The goal's baseline: one page of the list as one Query would give it, were keywords a key.
        int letters = rows / RECIPIENTS_PER_LETTER;
        row(section, "Content filter", base + "?q=" + KEYWORD, "Query GSI3 (20 rows)",
                measure(() -> raw.trackingPage(consultation, 20)), note + "; the call: BatchGetItem (consultation,"
                        + " counts) ‖ Query (letters' texts, " + letters + " items) ‖ Query (recipients, "
                        + DynamoKeys.RECIPIENT_SHARDS + " sets), then " + (letters / 10) + " Query GSI5 (status and"
                        + " favourite of the matching letters' " + (rows / 10) + " lines) at once, then BatchGetItem"
                        + " (the page's 10 rows)");
    }

    private void row(Report.Section section, String page, String path, String rawCalls, Samples rawQuery,
                     String note) {
        JsonNode answer = agent.get(path);
        Samples list = measure(() -> agent.get(path));
        String query = path.contains("?") ? "`?" + path.substring(path.indexOf('?') + 1) + "`" : "none";
        section.row(page, query, String.valueOf(answer.path("total").asInt()), Report.ms(list.p50()), rawCalls,
                Report.ms(rawQuery.p50()), Report.ratio(list.p50(), rawQuery.p50()), note);
    }

    private Samples measure(Samples.Action action) {
        Samples.time(2, action);
        return Samples.time(options.trackingCalls(), action);
    }

    /**
     * Seeds {@code rows} deliveries straight into the table (through the stores, as a send writes them), {@code recipientsPerLetter} per letter (one letter in ten
     * about "prolongation"), one row in {@code deliveredEvery} sent and delivered.
     */
    static void seed(LocalSystem system, String consultation, int rows, int recipientsPerLetter, int deliveredEvery) {
        String table = system.resources().tableName("MessagerieTable");
        DynamoDeliveryStore store = new DynamoDeliveryStore(system.dynamoDb(), table);
        DynamoLetterStore letterStore = new DynamoLetterStore(system.dynamoDb(), table);
        RecordDeliveryEvent events = new RecordDeliveryEvent(new DynamoDeliveryLog(system.dynamoDb(), table));
        Instant now = Instant.now();
        Agent author = new Agent("agent-bench", "Alice MARTIN", "alice.martin@departement13.fr", BenchAgent.ORGANISM,
                "Direction des Systèmes d'Information");
        List<Letter> letters = new ArrayList<>();
        for (int i = 0; i * recipientsPerLetter < rows; i++) {
            Instant sentAt = now.minusSeconds(rows - (long) i * recipientsPerLetter);
            String subject = i % 10 == 3 ? "Réf. ADO-2207-2020 - Prolongation du délai de remise des offres"
                    : "Réf. ADO-2207-2020 - Transmission des documents n° " + i;
            Letter letter = new Letter(consultation + "-L" + i, consultation, BenchAgent.ORGANISM,
                    LetterType.COURRIER_LIBRE, SendMode.ACCESS_LINK, ReplyOptions.NONE, subject,
                    "<p>Bonjour,</p><p>Veuillez trouver les <strong>documents</strong> de la consultation.</p>",
                    List.of(), author, LetterState.SENT, sentAt, sentAt, sentAt, 1);
            letterStore.create(letter);
            letters.add(letter);
        }
        // As the send's fan-out writes them: chunks of up to 10 deliveries of one letter, with what the filters
        // search (the letter's text, the recipients, GSI5's keys).
        int chunksPerLetter = (recipientsPerLetter + 9) / 10;
        Parallel.forEach(letters.size() * chunksPerLetter, 8, c -> {
            Letter letter = letters.get(c / chunksPerLetter);
            int start = c / chunksPerLetter * recipientsPerLetter + c % chunksPerLetter * 10;
            int end = Math.min(rows, Math.min(start + 10, (c / chunksPerLetter + 1) * recipientsPerLetter));
            List<Delivery> deliveries = new ArrayList<>();
            for (int k = start; k < end; k++) {
                Recipient recipient = new Recipient("contact" + k + "@entreprise" + (k % 37) + ".example",
                        "Contact " + k, "Entreprise " + (k % 37), Register.FREE_RECIPIENTS);
                // The sending's own ids: the list's cursors carry them.
                deliveries.add(new Delivery(Delivery.idOf(letter.id(), recipient), letter.id(), consultation,
                        BenchAgent.ORGANISM, recipient, letter.sentAt().plusMillis(k % recipientsPerLetter), null));
            }
            if (deliveries.isEmpty()) {
                return;
            }
            store.createAllIfAbsent(deliveries, letter, LetterText.of(letter));
            for (int k = start; k < end; k++) {
                if (k % deliveredEvery == 0) {
                    String id = deliveries.get(k - start).id();
                    events.record(id, new DeliveryEvent(id + "-E", EventType.SENT, letter.sentAt(), 1, "Technique",
                            Map.of()));
                    events.record(id, new DeliveryEvent(id + "-D", EventType.DELIVERED,
                            letter.sentAt().plusSeconds(2), 1, "Technique", Map.of()));
                }
            }
        });
    }
}
