package fr.messagerie.tracking;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.common.ProblemException;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.EventType;
import fr.messagerie.files.Evidence;
import fr.messagerie.files.FileStore;
import fr.messagerie.files.InMemoryFileStore;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.proof.ProofData;
import fr.messagerie.recipient.Exchange;
import fr.messagerie.recipient.ReplyForAgent;
import fr.messagerie.support.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static fr.messagerie.ExchangeFixture.CONSULTATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "L'accès par les agents au contenu de la réponse du destinataire est bloqué jusqu'à cette date", as agents meet it in
 * the thread of the delivery and in the data of the proof of the exchanges: until the deadline, only when the reply
 * was sent and the French notice; from the deadline on, everything.
 */
class SealedReplyTest {
    /** 01/12/2026 - 18:00 in Paris. */
    private static final Instant DEADLINE = Instant.parse("2026-12-01T17:00:00Z");
    private static final String NOTICE = "Le contenu de la réponse sera accessible après le 01/12/2026 - 18:00.";
    private static final byte[] OFFER = "%PDF prix : 48 500 € HT".getBytes(StandardCharsets.UTF_8);

    private final ExchangeFixture f = new ExchangeFixture();
    private String id;
    private Instant repliedAt;
    private String storedBody;

    /** A sealed letter, delivered, answered with a price and a file well before the deadline. */
    private void sealedReply() {
        Letter letter = f.letter("l1", new ReplyOptions(true, DEADLINE, true), "Remise des offres",
                "<p>Merci de nous transmettre votre offre.</p>", f.acme);
        id = f.delivered(letter, f.acme);
        Exchange opened = f.opened(id);
        FileStore.PresignedForm form = f.offerReplyUpload.form(opened).orElseThrow();
        f.files.post(form, OFFER, "application/pdf", "offre-prix.pdf");
        Exchange joined = f.completeReplyUpload.complete(opened.token(), form.fields().get("key"));
        f.clock.advance(Duration.ofHours(1));
        repliedAt = f.clock.instant();
        storedBody = f.sendReply.send(joined, "Notre prix : 48 500 € HT").reply().orElseThrow().body();
    }

    private ProofData agentProofData() {
        f.proofs.forAgent(f.alice, id);
        return f.rendered.get(f.rendered.size() - 1);
    }

    private static DeliveryEvent replied(List<DeliveryEvent> events) {
        return events.stream().filter(e -> e.type() == EventType.REPLIED).findFirst().orElseThrow();
    }

    @Test
    void until_the_deadline_the_thread_shows_only_when_the_reply_was_sent_and_the_notice() {
        sealedReply();

        Threads.Thread thread = f.showThread.show(f.alice, id);

        ReplyForAgent reply = thread.reply().orElseThrow();
        assertTrue(reply.sealed());
        assertEquals(repliedAt, reply.sentAt());
        assertEquals(NOTICE, reply.sealedNotice());
        assertNull(reply.body());
        assertEquals(List.of(), reply.files());
        assertEquals(DeliveryStatus.REPLY_UNREAD, thread.status());
        DeliveryEvent r = replied(thread.events());
        assertEquals(repliedAt, r.at());
        assertEquals("contact@acme.fr", r.actor());
        assertEquals(Map.of(), r.details(), "no fingerprint: a short reply, a price, is found by hashing guesses");
        assertFalse(replied(f.deliveries.events(id)).details().isEmpty(), "the stored event keeps its evidence");
    }

    @Test
    void until_the_deadline_a_sealed_reply_cannot_be_marked_read() {
        sealedReply();
        f.clock.set(DEADLINE.minusSeconds(1));

        ProblemException sealed = assertThrows(ProblemException.class, () -> f.markReplyRead.mark(f.alice, id));

        assertEquals(403, sealed.status());
        assertEquals("reply-sealed", sealed.code());
        assertEquals(NOTICE, sealed.violations().get(0).message());
        assertFalse(f.eventTypes(id).contains(EventType.REPLY_READ));
    }

    @Test
    void until_the_deadline_the_proof_shows_the_reply_step_and_the_notice_and_nothing_of_its_content() throws Exception {
        sealedReply();

        ProofData data = agentProofData();

        ProofData.Exchange reply = data.exchanges().get(1);
        assertEquals("Réponse", reply.kind());
        assertEquals("Réponse de contact@acme.fr", reply.title());
        assertEquals(repliedAt, reply.at());
        assertTrue(reply.sealed());
        assertEquals(NOTICE, reply.sealedNotice());
        assertNull(reply.bodyHtml());
        assertNull(reply.bodySha256());
        assertEquals(List.of(), reply.files());
        ProofData.Step step = data.steps().stream().filter(s -> s.label().equals("Réponse")).findFirst().orElseThrow();
        assertEquals(repliedAt, step.at());
        assertEquals("contact@acme.fr", step.author());
        String shown = Json.MAPPER.writeValueAsString(data);
        for (String secret : List.of("48 500", "offre-prix.pdf", InMemoryFileStore.sha256Hex(OFFER),
                InMemoryFileStore.sha256Hex(storedBody.getBytes(StandardCharsets.UTF_8)))) {
            assertFalse(shown.contains(secret), secret);
        }
    }

    @Test
    void the_tracking_line_carries_what_the_list_needs_to_seal_the_excerpt() {
        sealedReply();
        TrackingRow row = f.listTracking.list(f.alice, CONSULTATION, TrackingQuery.parse(Map.of())).rows().get(0);

        ReplyForAgent before = ReplyForAgent.of(row.replyOptions(), row.repliedR(), row.replyExcerpt(), List.of(),
                f.clock.instant());
        ReplyForAgent after = ReplyForAgent.of(row.replyOptions(), row.repliedR(), row.replyExcerpt(), List.of(),
                DEADLINE);

        assertEquals(repliedAt, row.repliedR());
        assertTrue(before.sealed());
        assertNull(before.body());
        assertEquals(NOTICE, before.sealedNotice());
        assertFalse(after.sealed());
        assertEquals("Notre prix : 48 500 € HT", after.body());
    }

    @Test
    void from_the_deadline_on_the_thread_shows_everything_and_the_reply_can_be_read() {
        sealedReply();
        f.clock.set(DEADLINE);

        Threads.Thread thread = f.showThread.show(f.alice, id);

        ReplyForAgent reply = thread.reply().orElseThrow();
        assertFalse(reply.sealed());
        assertNull(reply.sealedNotice());
        assertEquals("<p>Notre prix : 48 500 € HT</p>", reply.body());
        assertEquals(List.of("offre-prix.pdf"), reply.files().stream().map(a -> a.fileName()).toList());
        DeliveryEvent r = replied(thread.events());
        assertEquals(InMemoryFileStore.sha256Hex(storedBody.getBytes(StandardCharsets.UTF_8)),
                r.detail(DeliveryEvent.BODY_SHA256));
        assertEquals(DeliveryStatus.REPLY_READ, f.markReplyRead.mark(f.bruno, id).status());
    }

    @Test
    void from_the_deadline_on_the_proof_shows_the_reply_its_fingerprints_and_is_a_new_proof() {
        sealedReply();
        String sealedUrl = f.proofs.forAgent(f.alice, id).url();
        f.clock.set(DEADLINE);

        String openUrl = f.proofs.forAgent(f.alice, id).url();
        ProofData data = f.rendered.get(f.rendered.size() - 1);

        assertNotEquals(sealedUrl, openUrl, "what the proof shows changed: stored apart");
        assertEquals(2, f.rendered.size());
        ProofData.Exchange reply = data.exchanges().get(1);
        assertFalse(reply.sealed());
        assertNull(reply.sealedNotice());
        assertEquals(storedBody, reply.bodyHtml());
        assertEquals(InMemoryFileStore.sha256Hex(storedBody.getBytes(StandardCharsets.UTF_8)), reply.bodySha256());
        assertEquals(List.of(new Evidence.FileFingerprint("offre-prix.pdf", OFFER.length,
                InMemoryFileStore.sha256Hex(OFFER))), reply.files());
    }

    @Test
    void the_company_always_sees_its_own_reply_in_its_proof() {
        sealedReply();

        f.proofs.forRecipient(f.exchange(id));

        ProofData.Exchange reply = f.rendered.get(0).exchanges().get(1);
        assertFalse(reply.sealed());
        assertEquals(storedBody, reply.bodyHtml());
        assertEquals(List.of(new Evidence.FileFingerprint("offre-prix.pdf", OFFER.length,
                InMemoryFileStore.sha256Hex(OFFER))), reply.files());
    }

    @Test
    void without_a_deadline_nothing_is_sealed() {
        Letter letter = f.letter("l1", new ReplyOptions(true, null, true), "Objet", "<p>Texte</p>", f.acme);
        String delivery = f.delivered(letter, f.acme);
        f.sendReply.send(f.opened(delivery), "Réponse");

        ReplyForAgent reply = f.showThread.show(f.alice, delivery).reply().orElseThrow();

        assertFalse(reply.sealed());
        assertEquals("<p>Réponse</p>", reply.body());
    }
}
