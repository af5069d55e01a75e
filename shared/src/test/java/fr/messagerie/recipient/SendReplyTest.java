package fr.messagerie.recipient;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.common.Bounds;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.EventType;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.Evidence;
import fr.messagerie.files.InMemoryFileStore;
import fr.messagerie.letters.ReplyOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static fr.messagerie.recipient.RecipientTests.DEADLINE;
import static fr.messagerie.recipient.RecipientTests.deliveredWithFile;
import static fr.messagerie.recipient.RecipientTests.joined;
import static fr.messagerie.recipient.RecipientTests.problem;
import static fr.messagerie.recipient.RecipientTests.reads;
import static fr.messagerie.recipient.RecipientTests.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one reply of a delivery ({@link SendReply}): before the deadline, within its limits, fingerprinted. */
class SendReplyTest {
    private final ExchangeFixture f = new ExchangeFixture();
    private final SendReply sendReply = f.sendReply;

    @Test
    void a_reply_is_recorded_with_the_fingerprints_of_its_body_and_files_in_the_r_event() {
        String id = deliveredWithFile(f, new ReplyOptions(true, DEADLINE, false));
        Exchange opened = f.opened(id);
        byte[] offer = "%PDF offre de prix".getBytes(StandardCharsets.UTF_8);
        Exchange withFile = joined(f, opened, "offre.pdf", offer);
        assertEquals(1, withFile.replyFiles().size());
        f.clock.advance(Duration.ofMinutes(1));

        Exchange replied = sendReply.send(withFile, "Bonjour,\n\nVoici le DC4 & l'offre.");

        Reply reply = replied.reply().orElseThrow();
        assertEquals("<p>Bonjour,</p><p>Voici le DC4 &amp; l'offre.</p>", reply.body(), "plain text, escaped");
        assertEquals(f.clock.instant(), reply.sentAt());
        DeliveryEvent r = replied.events().stream().filter(e -> e.type() == EventType.REPLIED).findFirst()
                .orElseThrow();
        assertEquals("contact@acme.fr", r.actor());
        assertEquals(f.clock.instant(), r.at());
        assertEquals(InMemoryFileStore.sha256Hex(reply.body().getBytes(StandardCharsets.UTF_8)),
                r.detail(DeliveryEvent.BODY_SHA256));
        assertEquals(List.of(new Evidence.FileFingerprint("offre.pdf", offer.length, InMemoryFileStore.sha256Hex(offer))),
                r.files());
        assertTrue(f.files.isEvidence(reply.attachments().get(0).storageKey()), "the reply's file is locked");
        assertEquals(DeliveryStatus.REPLY_UNREAD, f.showThread.show(f.alice, id).status());
        assertEquals("Bonjour, Voici le DC4 & l'offre.", row(f, id).replyExcerpt());
        assertEquals(f.clock.instant(), row(f, id).repliedR());
        assertFalse(replied.canReply(f.clock.instant()));
    }

    @Test
    void a_reply_from_a_page_not_yet_opened_records_the_read_receipt_first() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);

        Exchange replied = sendReply.send(f.exchange(id), "Réponse directe");

        assertEquals(List.of(EventType.SENT, EventType.DELIVERED, EventType.READ, EventType.REPLIED),
                f.eventTypes(id));
        assertTrue(replied.readAt().isPresent());
        f.opened(id);
        assertEquals(1, reads(f, id));
    }

    @Test
    void the_receipt_a_reply_records_on_the_way_is_the_one_opening_records() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange landing = f.exchange(id);
        f.clock.advance(Duration.ofMinutes(3));

        sendReply.send(landing, "Réponse directe");

        DeliveryEvent receipt = f.deliveries.events(id).stream().filter(e -> e.type() == EventType.READ)
                .findFirst().orElseThrow();
        assertEquals(ReadReceipt.of(landing.delivery(), 1, f.clock.instant()), receipt);
        assertEquals("read:" + id, receipt.id());
        assertEquals("contact@acme.fr", receipt.actor());
        assertEquals(DeliveryStatus.REPLY_UNREAD, f.showThread.show(f.alice, id).status());
    }

    @Test
    void one_reply_per_delivery_even_from_a_page_loaded_before_the_first() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange firstTab = f.opened(id);
        Exchange secondTab = f.exchange(id);
        sendReply.send(firstTab, "Première réponse");

        ProblemException again = problem(() -> sendReply.send(f.exchange(id), "Deuxième réponse"));
        assertEquals(409, again.status());
        assertEquals("reply-already-sent", again.code());
        assertEquals("Une réponse a déjà été envoyée pour ce courrier.", again.violations().get(0).message());

        ProblemException stale = problem(() -> sendReply.send(secondTab, "Deuxième réponse"));
        assertEquals(409, stale.status());
        assertEquals("reply-already-sent", stale.code());
        assertEquals("Une réponse a déjà été envoyée pour ce courrier.", stale.violations().get(0).message());

        assertEquals("<p>Première réponse</p>", f.deliveries.reply(id).orElseThrow().body());
        assertEquals(1, f.deliveries.events(id).stream().filter(e -> e.type() == EventType.REPLIED).count());
        assertEquals(Optional.empty(), f.offerReplyUpload.form(f.exchange(id)), "no more files either");
    }

    @Test
    void a_reply_is_refused_from_the_deadline_on() {
        String id = deliveredWithFile(f, new ReplyOptions(true, DEADLINE, false));
        Exchange opened = f.opened(id);
        f.clock.set(DEADLINE);

        ProblemException late = problem(() -> sendReply.send(opened, "Trop tard"));

        assertEquals(409, late.status());
        assertEquals("reply-deadline-passed", late.code());
        assertEquals("La date limite de réponse (01/12/2026 - 18:00) est dépassée : il n'est plus possible de "
                + "répondre à ce courrier.", late.violations().get(0).message());
        assertEquals(Optional.empty(), f.deliveries.reply(id));
        assertFalse(f.eventTypes(id).contains(EventType.REPLIED));
        assertFalse(opened.canReply(DEADLINE));
        assertEquals(Optional.empty(), f.offerReplyUpload.form(opened));
    }

    @Test
    void a_reply_just_before_the_deadline_is_accepted() {
        String id = deliveredWithFile(f, new ReplyOptions(true, DEADLINE, false));
        Exchange opened = f.opened(id);
        f.clock.set(DEADLINE.minusMillis(1));

        sendReply.send(opened, "Juste à temps");

        assertEquals(DEADLINE.minusMillis(1), f.deliveries.reply(id).orElseThrow().sentAt());
    }

    @Test
    void a_letter_that_calls_for_no_reply_refuses_one() {
        String id = deliveredWithFile(f, ReplyOptions.NONE);

        ProblemException refused = problem(() -> sendReply.send(f.opened(id), "Bonjour"));

        assertEquals(409, refused.status());
        assertEquals("reply-not-allowed", refused.code());
        assertEquals("Ce courrier n'appelle pas de réponse.", refused.violations().get(0).message());
    }

    @Test
    void a_refused_reply_from_a_page_not_yet_opened_records_no_receipt() {
        String none = deliveredWithFile(f, ReplyOptions.NONE);
        String allowed = deliveredAllowed();

        assertEquals("reply-not-allowed", problem(() -> sendReply.send(f.exchange(none), "Bonjour")).code());
        assertEquals("reply-body-required", problem(() -> sendReply.send(f.exchange(allowed), " ")).code());

        assertEquals(List.of(EventType.SENT, EventType.DELIVERED), f.eventTypes(none));
        assertEquals(List.of(EventType.SENT, EventType.DELIVERED), f.eventTypes(allowed));
    }

    @Test
    void a_blank_reply_is_refused() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);

        ProblemException blank = problem(() -> sendReply.send(f.opened(id), " \n "));

        assertEquals(400, blank.status());
        assertEquals("reply-body-required", blank.code());
        assertEquals("Le corps de la réponse est obligatoire.", blank.violations().get(0).message());
        assertEquals(Optional.empty(), f.deliveries.reply(id));
    }

    @Test
    void a_reply_too_long_as_typed_or_once_formatted_is_refused() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange opened = f.opened(id);
        String typed = "é".repeat(Bounds.MAX_REPLY_BYTES / 2 + 1);
        // Within the bound as typed, over it once "&" is escaped as "&amp;".
        String escaped = "&".repeat(Bounds.MAX_REPLY_BYTES / 2);

        ProblemException tooLong = problem(() -> sendReply.send(opened, typed));
        ProblemException tooLongFormatted = problem(() -> sendReply.send(opened, escaped));

        assertEquals(400, tooLong.status());
        assertEquals("reply-too-long", tooLong.code());
        assertEquals("body", tooLong.violations().get(0).field());
        assertEquals("La réponse est trop longue : " + AttachmentRules.size(Bounds.MAX_REPLY_BYTES) + " au plus une "
                + "fois mise en forme (" + AttachmentRules.size(Bounds.MAX_REPLY_BYTES + 2L) + " reçus ; un caractère "
                + "accentué compte 2 octets, « € » 3).", tooLong.violations().get(0).message());
        assertEquals("reply-too-long", tooLongFormatted.code());
        assertTrue(tooLongFormatted.violations().get(0).message().startsWith("La réponse est trop longue : "));
        assertEquals(Optional.empty(), f.deliveries.reply(id));
        sendReply.send(opened, "a".repeat(Bounds.MAX_REPLY_BYTES - 100));
        assertTrue(f.deliveries.reply(id).isPresent(), "just within the bound");
    }

    @Test
    void the_files_of_the_reply_are_checked_again_when_it_is_sent() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange opened = f.opened(id);
        // Joined one by one within the quota, then more (as a store read stale could let through): over the limit.
        long half = AttachmentRules.REPLY_LIMIT / 2 + 1;
        List<Attachment> overLimit = List.of(ready(id, "a", half), ready(id, "b", half));
        Exchange heavy = f.exchanges.load(opened.token(), opened.delivery());
        assertEquals(overLimit, heavy.replyFiles());

        List<String> evidence = f.files.evidence();

        ProblemException refused = problem(() -> sendReply.send(heavy, "Voici nos pièces."));

        assertEquals(400, refused.status());
        assertEquals(List.of(new Violation("attachments-too-large", "attachments", "Les pièces jointes de la réponse ("
                + AttachmentRules.size(2 * half) + ") dépassent la limite de "
                + AttachmentRules.size(AttachmentRules.REPLY_LIMIT) + " : retirez-en.")), refused.violations());
        assertEquals(Optional.empty(), f.deliveries.reply(id));
        assertFalse(f.eventTypes(id).contains(EventType.REPLIED));
        assertEquals(evidence, f.files.evidence(), "nothing more locked");
    }

    @Test
    void a_reply_within_the_limits_sends_every_file_joined() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Exchange exchange = f.opened(id);
        for (String name : List.of("a.pdf", "b.pdf", "c.pdf")) {
            exchange = joined(f, exchange, name, name.getBytes(StandardCharsets.UTF_8));
            f.clock.advance(Duration.ofSeconds(1));
        }

        int evidence = f.files.evidence().size();

        Exchange replied = sendReply.send(exchange, "Trois pièces.");

        assertEquals(List.of("a.pdf", "b.pdf", "c.pdf"), replied.reply().orElseThrow().attachments().stream()
                .map(Attachment::fileName).toList());
        assertEquals(replied.reply().orElseThrow().attachments(), replied.replyFiles());
        assertEquals(evidence + 3, f.files.evidence().size());
        replied.replyFiles().forEach(file -> assertTrue(f.files.isEvidence(file.storageKey()), file.fileName()));
    }

    private String deliveredAllowed() {
        var letter = f.letter("l2", ReplyOptions.ALLOWED, "Autre", "<p>2</p>", f.acme);
        return f.delivered(letter, f.acme);
    }

    private Attachment ready(String deliveryId, String id, long size) {
        Attachment file = new Attachment(id, id + ".pdf", "application/pdf", size, "0".repeat(64),
                "reply-files/" + deliveryId + "/" + id);
        f.attachments.save(AttachmentStore.Owner.reply(deliveryId),
                new AttachmentStore.StoredAttachment(file, true, null, f.clock.instant()));
        return file;
    }
}
