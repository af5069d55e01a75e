package fr.messagerie.recipient;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.common.ProblemException;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.FileStore;
import fr.messagerie.files.InMemoryFileStore;
import fr.messagerie.letters.ReplyOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static fr.messagerie.recipient.RecipientTests.DEADLINE;
import static fr.messagerie.recipient.RecipientTests.deliveredWithFile;
import static fr.messagerie.recipient.RecipientTests.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reply file back from the bucket ({@link CompleteReplyUpload}): issued to the delivery, once, within limits. */
class CompleteReplyUploadTest {
    private final ExchangeFixture f = new ExchangeFixture();
    private final CompleteReplyUpload complete = f.completeReplyUpload;

    @Test
    void a_file_joined_before_the_deadline_cannot_be_completed_after_it() {
        String id = deliveredWithFile(f, new ReplyOptions(true, DEADLINE, false));
        Exchange opened = f.opened(id);
        FileStore.PresignedForm form = f.offerReplyUpload.form(opened).orElseThrow();
        f.files.post(form, new byte[] {1, 2, 3}, "application/pdf", "offre.pdf");
        f.clock.set(DEADLINE);

        ProblemException late = problem(() -> complete.complete(opened.token(), form.fields().get("key")));

        assertEquals("reply-deadline-passed", late.code());
        assertFalse(f.files.exists(form.fields().get("key")), "what was uploaded is discarded");
        assertEquals(List.of(), f.exchange(id).replyFiles());
    }

    @Test
    void the_uploaded_file_is_moved_fingerprinted_typed_by_its_name_and_joined() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange opened = f.opened(id);
        FileStore.PresignedForm form = f.offerReplyUpload.form(opened).orElseThrow();
        byte[] content = "%PDF offre".getBytes(StandardCharsets.UTF_8);
        String key = form.fields().get("key");
        f.files.post(form, content, "application/octet-stream", "Offre de prix.pdf");

        Exchange joined = complete.complete(opened.token(), key);

        Attachment file = joined.replyFiles().get(0);
        assertEquals(1, joined.replyFiles().size());
        assertEquals("Offre de prix.pdf", file.fileName());
        assertEquals("application/pdf", file.contentType(), "inferred from its name");
        assertEquals(content.length, file.size());
        assertEquals(InMemoryFileStore.sha256Hex(content), file.sha256());
        assertNotEquals(key, file.storageKey(), "moved where no form reaches it");
        assertTrue(file.storageKey().startsWith("deliveries/" + id + "/reply/" + file.id() + "/"), file.storageKey());
        assertFalse(f.files.exists(key));
        assertTrue(f.files.exists(file.storageKey()));
        assertEquals(AttachmentRules.REPLY_LIMIT - content.length, joined.replyRoom());
    }

    @Test
    void the_browser_coming_back_twice_joins_the_file_once() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange opened = f.opened(id);
        FileStore.PresignedForm form = f.offerReplyUpload.form(opened).orElseThrow();
        String key = form.fields().get("key");
        f.files.post(form, new byte[] {1, 2, 3}, "application/pdf", "offre.pdf");
        Exchange first = complete.complete(opened.token(), key);
        // The same form posted again: what it brings is discarded.
        f.files.post(form, new byte[] {4, 5}, "application/pdf", "autre.pdf");

        Exchange again = complete.complete(opened.token(), key);

        assertEquals(first.replyFiles(), again.replyFiles());
        assertEquals(List.of("offre.pdf"), again.replyFiles().stream().map(Attachment::fileName).toList());
        assertFalse(f.files.exists(key));
    }

    @Test
    void a_key_not_issued_to_the_delivery_is_refused() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange opened = f.opened(id);

        ProblemException malformed = problem(() -> complete.complete(opened.token(), "letters/l1/cahier.pdf"));
        assertEquals(400, malformed.status());
        assertEquals("invalid-upload", malformed.code());
        assertEquals("Le fichier téléversé est introuvable.", malformed.violations().get(0).message());

        ProblemException notIssued = problem(() -> complete.complete(opened.token(),
                "reply-uploads/" + id + "/0b7e8f5e-8f6a-4b8e-9d7b-1a2b3c4d5e6f"));
        assertEquals(400, notIssued.status());
        assertEquals("invalid-upload", notIssued.code());
        assertEquals("Ce téléversement n'a pas été proposé pour ce courrier : rechargez la page, puis joignez à "
                + "nouveau le fichier.", notIssued.violations().get(0).message());

        String other = f.delivered(f.letter("l2", ReplyOptions.ALLOWED, "Autre", "<p>2</p>", f.batiment),
                f.batiment);
        FileStore.PresignedForm theirs = f.offerReplyUpload.form(f.opened(other)).orElseThrow();
        ProblemException notReached = problem(() -> complete.complete(opened.token(), theirs.fields().get("key")));
        assertEquals(404, notReached.status());
        assertEquals("invalid-upload", notReached.code());
        assertEquals(List.of(), f.exchange(id).replyFiles());
    }

    @Test
    void a_form_posted_without_a_file_is_refused() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange opened = f.opened(id);
        FileStore.PresignedForm form = f.offerReplyUpload.form(opened).orElseThrow();

        ProblemException missing = problem(() -> complete.complete(opened.token(), form.fields().get("key")));

        assertEquals(400, missing.status());
        assertEquals("upload-not-received", missing.code());
        assertEquals("Le fichier n'a pas été reçu.", missing.violations().get(0).message());
    }

    @Test
    void a_file_over_the_room_left_is_refused_and_discarded() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange opened = f.opened(id);
        FileStore.PresignedForm form = f.offerReplyUpload.form(opened).orElseThrow();
        f.files.post(form, new byte[] {1, 2, 3}, "application/pdf", "offre.pdf");
        // Meanwhile, another tab filled the reply.
        Attachment filled = new Attachment("plein", "plein.pdf", "application/pdf", AttachmentRules.REPLY_LIMIT - 1,
                "0".repeat(64), "reply-files/" + id + "/plein");
        f.attachments.save(AttachmentStore.Owner.reply(id), new AttachmentStore.StoredAttachment(filled, true, null,
                f.clock.instant()));
        List<String> before = f.files.keys();

        ProblemException over = problem(() -> complete.complete(opened.token(), form.fields().get("key")));

        assertEquals(400, over.status());
        assertEquals(List.of(filled), f.exchange(id).replyFiles());
        assertEquals(before.size() - 1, f.files.keys().size(), "the upload is discarded");
        assertFalse(f.files.keys().stream().anyMatch(k -> k.startsWith("deliveries/" + id + "/reply/")),
                "nothing kept of it");
    }
}
