package fr.messagerie.recipient;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.common.ProblemException;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.InMemoryFileStore;
import fr.messagerie.letters.ReplyOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static fr.messagerie.recipient.RecipientTests.deliveredWithFile;
import static fr.messagerie.recipient.RecipientTests.joined;
import static fr.messagerie.recipient.RecipientTests.problem;
import static fr.messagerie.recipient.RecipientTests.reads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file of the letter or of the reply ({@link DownloadFile}), only once the letter is opened. */
class DownloadFileTest {
    private final ExchangeFixture f = new ExchangeFixture();
    private final DownloadFile downloadFile = f.downloadFile;

    @Test
    void nothing_of_the_letter_before_it_is_opened_its_files_nor_its_proof() {
        String id = deliveredWithFile(f, ReplyOptions.NONE);
        Exchange landing = f.exchange(id);
        Attachment file = landing.attachments().get(0);

        ProblemException download = problem(() -> downloadFile.link(landing, file.id()));
        assertEquals(409, download.status());
        assertEquals("letter-not-opened", download.code());
        assertEquals("Accédez d'abord au contenu du courrier pour télécharger ses fichiers.",
                download.violations().get(0).message());
        ProblemException proof = problem(() -> f.proofs.forRecipient(landing));
        assertEquals("letter-not-opened", proof.code());
        assertEquals("Accédez d'abord au contenu du courrier : la preuve des échanges, qui le reproduit, est "
                + "disponible une fois le courrier ouvert.", proof.violations().get(0).message());
        assertEquals(List.of(), f.rendered);
        assertEquals(0, reads(f, id), "refusing records no receipt either");

        Exchange opened = f.opened(id);
        String link = downloadFile.link(opened, file.id());
        assertTrue(link.startsWith(InMemoryFileStore.URL_BASE + "letters/l1/cahier.pdf?method=GET&filename=cahier.pdf"));
        ProblemException unknownFile = problem(() -> downloadFile.link(opened, "autre"));
        assertEquals(404, unknownFile.status());
        assertEquals("attachment-not-found", unknownFile.code());
        assertEquals("Fichier introuvable.", unknownFile.violations().get(0).message());
    }

    @Test
    void the_files_of_the_reply_being_written_and_of_the_reply_sent_are_downloaded_too() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange withFile = joined(f, f.opened(id), "offre.pdf", "%PDF offre".getBytes(StandardCharsets.UTF_8));
        Attachment pending = withFile.replyFiles().get(0);

        assertTrue(downloadFile.link(withFile, pending.id())
                .startsWith(InMemoryFileStore.URL_BASE + pending.storageKey() + "?method=GET&filename=offre.pdf"));

        Exchange replied = f.sendReply.send(withFile, "Voici notre offre.");
        Attachment sent = replied.reply().orElseThrow().attachments().get(0);
        assertEquals(pending.id(), sent.id());
        assertTrue(downloadFile.link(replied, sent.id())
                .startsWith(InMemoryFileStore.URL_BASE + sent.storageKey() + "?method=GET&filename=offre.pdf"));
    }
}
