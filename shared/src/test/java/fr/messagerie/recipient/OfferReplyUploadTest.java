package fr.messagerie.recipient;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.FileStore;
import fr.messagerie.letters.ReplyOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static fr.messagerie.recipient.RecipientTests.DEADLINE;
import static fr.messagerie.recipient.RecipientTests.deliveredWithFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The form that uploads one more reply file ({@link OfferReplyUpload}), while a reply can be written with room left. */
class OfferReplyUploadTest {
    private final ExchangeFixture f = new ExchangeFixture();
    private final OfferReplyUpload offer = f.offerReplyUpload;

    @Test
    void each_form_is_signed_for_a_key_of_its_own_recorded_as_a_pending_file_of_the_delivery() {
        String id = deliveredWithFile(f, new ReplyOptions(true, DEADLINE, false));
        Exchange opened = f.opened(id);

        FileStore.PresignedForm first = offer.form(opened).orElseThrow();
        FileStore.PresignedForm second = offer.form(opened).orElseThrow();

        String key = first.fields().get("key");
        assertTrue(key.startsWith("reply-uploads/" + id + "/"), key);
        assertNotEquals(key, second.fields().get("key"));
        assertEquals("https://messagerie.example.fr/r/" + opened.token() + "/reply-files/uploaded",
                first.fields().get("success_action_redirect"));
        List<AttachmentStore.StoredAttachment> pending = f.attachments.list(AttachmentStore.Owner.reply(id));
        assertEquals(2, pending.size());
        assertTrue(pending.stream().noneMatch(AttachmentStore.StoredAttachment::ready),
                "pending until the upload completes");
        assertTrue(pending.stream().anyMatch(file -> key.equals(file.attachment().storageKey())));
        assertEquals(List.of(), f.exchange(id).replyFiles(), "a pending file is not joined");
    }

    @Test
    void no_form_when_no_reply_is_called_after_the_deadline_or_after_the_reply() {
        String none = deliveredWithFile(f, ReplyOptions.NONE);
        assertEquals(Optional.empty(), offer.form(f.opened(none)));

        String late = f.delivered(f.letter("l2", new ReplyOptions(true, DEADLINE, false), "Avant", "<p>2</p>",
                f.acme), f.acme);
        Exchange opened = f.opened(late);
        f.clock.set(DEADLINE.minusNanos(1));
        assertTrue(offer.form(opened).isPresent(), "up to the deadline");
        f.clock.set(DEADLINE);
        assertEquals(Optional.empty(), offer.form(opened));

        String replied = f.delivered(f.letter("l3", ReplyOptions.ALLOWED, "Répondu", "<p>3</p>", f.acme), f.acme);
        f.sendReply.send(f.opened(replied), "Réponse");
        assertEquals(Optional.empty(), offer.form(f.exchange(replied)));
        assertEquals(List.of(), f.attachments.list(AttachmentStore.Owner.reply(none)), "nothing recorded");
    }

    @Test
    void no_form_once_the_reply_has_no_room_or_its_count_of_files() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange opened = f.opened(id);
        ready(id, "plein", AttachmentRules.REPLY_LIMIT);
        assertEquals(Optional.empty(), offer.form(f.exchanges.load(opened.token(), opened.delivery())), "no room");

        String other = f.delivered(f.letter("l2", ReplyOptions.ALLOWED, "Autre", "<p>2</p>", f.acme), f.acme);
        for (int i = 0; i < AttachmentRules.MAX_FILES - 1; i++) {
            ready(other, "f" + i, 1);
        }
        Exchange almost = f.opened(other);
        FileStore.PresignedForm last = offer.form(almost).orElseThrow();
        assertEquals(AttachmentRules.REPLY_LIMIT - (AttachmentRules.MAX_FILES - 1), almost.replyRoom());
        assertTrue(last.fields().get("key").startsWith("reply-uploads/" + other + "/"));
        ready(other, "f-last", 1);
        assertEquals(Optional.empty(), offer.form(f.exchange(other)), AttachmentRules.MAX_FILES + " files");
    }

    private void ready(String deliveryId, String id, long size) {
        f.attachments.save(AttachmentStore.Owner.reply(deliveryId), new AttachmentStore.StoredAttachment(
                new Attachment(id, id + ".pdf", "application/pdf", size, "0".repeat(64),
                        "reply-files/" + deliveryId + "/" + id), true, null, f.clock.instant()));
    }
}
