package fr.messagerie.recipient;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.common.ProblemException;
import fr.messagerie.files.Attachment;
import fr.messagerie.letters.ReplyOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static fr.messagerie.recipient.RecipientTests.deliveredWithFile;
import static fr.messagerie.recipient.RecipientTests.joined;
import static fr.messagerie.recipient.RecipientTests.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file taken back out of the reply being written ({@link RemoveReplyFile}); none once the reply is sent. */
class RemoveReplyFileTest {
    private final ExchangeFixture f = new ExchangeFixture();
    private final RemoveReplyFile remove = f.removeReplyFile;

    @Test
    void a_joined_file_is_removed_from_the_reply_and_the_bucket() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange one = joined(f, f.opened(id), "a.pdf", "a".getBytes(StandardCharsets.UTF_8));
        f.clock.advance(Duration.ofSeconds(1));
        Exchange two = joined(f, one, "b.pdf", "b".getBytes(StandardCharsets.UTF_8));
        Attachment a = two.replyFiles().get(0);

        Exchange left = remove.remove(two, a.id());

        assertEquals(List.of("b.pdf"), left.replyFiles().stream().map(Attachment::fileName).toList());
        assertFalse(f.files.exists(a.storageKey()));
        assertTrue(f.files.exists(left.replyFiles().get(0).storageKey()));
        assertEquals(left.replyFiles(), f.exchange(id).replyFiles());
        assertEquals(left.replyFiles(), remove.remove(left, "inconnu").replyFiles(), "an unknown file: nothing");
    }

    @Test
    void the_files_of_a_sent_reply_stay() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange withFile = joined(f, f.opened(id), "offre.pdf", "offre".getBytes(StandardCharsets.UTF_8));
        Exchange replied = f.sendReply.send(withFile, "Voici l'offre.");
        Attachment sent = replied.replyFiles().get(0);

        ProblemException locked = problem(() -> remove.remove(replied, sent.id()));

        assertEquals(409, locked.status());
        assertEquals("reply-already-sent", locked.code());
        assertEquals("La réponse est envoyée : ses fichiers ne peuvent plus être retirés.",
                locked.violations().get(0).message());
        assertTrue(f.files.exists(sent.storageKey()));
        assertEquals(List.of(sent), f.exchange(id).replyFiles());
    }
}
