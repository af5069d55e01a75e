package fr.messagerie.recipient;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.common.ProblemException;
import fr.messagerie.delivery.EventType;
import fr.messagerie.files.FileStore;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.tracking.TrackingQuery;
import fr.messagerie.tracking.TrackingRow;
import org.junit.jupiter.api.function.Executable;

import java.time.Instant;
import java.util.Map;

import static fr.messagerie.ExchangeFixture.CONSULTATION;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the tests of the company's use cases share: a delivered letter with a file, its receipts, a joined file. */
final class RecipientTests {
    /** 01/12/2026 - 18:00 in Paris. */
    static final Instant DEADLINE = Instant.parse("2026-12-01T17:00:00Z");

    private RecipientTests() {
    }

    static ProblemException problem(Executable action) {
        return assertThrows(ProblemException.class, action);
    }

    static String deliveredWithFile(ExchangeFixture f, ReplyOptions options) {
        Letter letter = f.letter("l1", options, "Demande de complément", "<p>Merci de transmettre le DC4.</p>",
                f.acme);
        f.letterFile(letter, "cahier.pdf", "CCTP");
        return f.delivered(letter, f.acme);
    }

    static long reads(ExchangeFixture f, String deliveryId) {
        return f.deliveries.events(deliveryId).stream().filter(e -> e.type() == EventType.READ).count();
    }

    static TrackingRow row(ExchangeFixture f, String deliveryId) {
        return f.listTracking.list(f.alice, CONSULTATION, TrackingQuery.parse(Map.of())).rows().stream()
                .filter(r -> r.deliveryId().equals(deliveryId)).findFirst().orElseThrow();
    }

    /** A reply file joined as the browser does it: the form, the POST to the bucket, the redirect back. */
    static Exchange joined(ExchangeFixture f, Exchange exchange, String name, byte[] content) {
        FileStore.PresignedForm form = f.offerReplyUpload.form(exchange).orElseThrow();
        String redirect = f.files.post(form, content, "application/pdf", name);
        assertTrue(redirect.startsWith("https://messagerie.example.fr/r/" + exchange.token() + "/reply-files/uploaded"));
        return f.completeReplyUpload.complete(exchange.token(), form.fields().get("key"));
    }
}
