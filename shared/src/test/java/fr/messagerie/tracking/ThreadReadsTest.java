package fr.messagerie.tracking;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterStore;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.recipient.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The narrow reads of a thread and of the tracking list, in the in-memory stores as in the DynamoDB ones. */
class ThreadReadsTest {
    private final ExchangeFixture f = new ExchangeFixture();

    @Test
    void a_delivery_is_read_with_its_log_and_its_reply() {
        Letter letter = f.letter("l-1", ReplyOptions.NONE, "Objet", "<p>Corps</p>", f.acme);
        String id = f.delivered(letter, f.acme);
        assertEquals(Optional.empty(), f.deliveries.findWithLog("missing"));

        DeliveryStore.WithLog withLog = f.deliveries.findWithLog(id).orElseThrow();
        assertEquals(f.deliveries.find(id).orElseThrow(), withLog.delivery());
        assertEquals(f.deliveries.events(id), withLog.events());
        assertEquals(Optional.empty(), withLog.reply());

        Reply reply = new Reply(id, "<p>Réponse</p>", List.of(), f.clock.instant());
        f.deliveries.saveReply(reply);
        assertEquals(Optional.of(reply), f.deliveries.findWithLog(id).orElseThrow().reply());
    }

    @Test
    void a_letter_is_read_with_its_ready_files_oldest_first() {
        Letter letter = f.letter("l-2", ReplyOptions.NONE, "Objet", "<p>Corps</p>", f.acme);
        assertEquals(Optional.empty(), f.letters.findWithFiles("missing"));
        assertEquals(new LetterStore.WithFiles(letter, List.of()), f.letters.findWithFiles(letter.id()).orElseThrow());

        Attachment second = f.letterFile(letter, "b.pdf", "b");
        f.clock.advance(Duration.ofSeconds(1));
        Attachment first = f.letterFile(letter, "a.pdf", "a");
        f.attachments.save(AttachmentStore.Owner.letter(letter.id()), new AttachmentStore.StoredAttachment(
                new Attachment("pending", "c.pdf", "application/pdf", 1, "cc", "k"), false, null, f.clock.instant()));
        LetterStore.WithFiles withFiles = f.letters.findWithFiles(letter.id()).orElseThrow();
        assertEquals(letter, withFiles.letter());
        assertEquals(List.of(second, first), withFiles.files());
        assertEquals(f.attachments.ready(AttachmentStore.Owner.letter(letter.id())), withFiles.files());
    }

    @Test
    void the_counts_kept_are_read_alone_only_when_they_need_no_recount() {
        Letter letter = f.letter("l-3", ReplyOptions.NONE, "Objet", "<p>Corps</p>", f.acme);
        f.delivered(letter, f.acme);
        assertEquals(Optional.empty(), f.deliveries.storedCounts("org-a", ExchangeFixture.CONSULTATION));
        int recounts = f.deliveries.recounts();

        TrackingStore.Counts counted = f.deliveries.counts("org-a", ExchangeFixture.CONSULTATION, null, null);
        assertEquals(recounts + 1, f.deliveries.recounts());
        assertEquals(Optional.of(counted), f.deliveries.storedCounts("org-a", ExchangeFixture.CONSULTATION));
        assertEquals(recounts + 1, f.deliveries.recounts(), "reading the kept counts recounts nothing");

        f.clock.advance(InMemoryTrackingStore.RECOUNT_AFTER.plusSeconds(1));
        assertTrue(f.deliveries.storedCounts("org-a", ExchangeFixture.CONSULTATION).isEmpty());
    }
}
