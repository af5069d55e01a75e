package fr.messagerie.recipient;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.common.ProblemException;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.EventType;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.Evidence;
import fr.messagerie.files.FileStore;
import fr.messagerie.files.InMemoryFileStore;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.tracking.TrackingQuery;
import fr.messagerie.tracking.TrackingRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static fr.messagerie.ExchangeFixture.CONSULTATION;
import static fr.messagerie.ExchangeFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a company does through the link of its email, over in-memory ports. */
class RecipientExchangeTest {
    /** 01/12/2026 - 18:00 in Paris. */
    private static final Instant DEADLINE = Instant.parse("2026-12-01T17:00:00Z");
    private final ExchangeFixture f = new ExchangeFixture();
    private final RecipientExchange exchanges = f.recipient;

    private static ProblemException problem(Executable action) {
        return assertThrows(ProblemException.class, action);
    }

    private String deliveredWithFile(ReplyOptions options) {
        Letter letter = f.letter("l1", options, "Demande de complément", "<p>Merci de transmettre le DC4.</p>",
                f.acme);
        f.letterFile(letter, "cahier.pdf", "CCTP");
        return f.delivered(letter, f.acme);
    }

    private long reads(String deliveryId) {
        return f.deliveries.events(deliveryId).stream().filter(e -> e.type() == EventType.READ).count();
    }

    private TrackingRow row(String deliveryId) {
        return f.listTracking.list(f.alice, CONSULTATION, TrackingQuery.parse(Map.of())).rows().stream()
                .filter(r -> r.deliveryId().equals(deliveryId)).findFirst().orElseThrow();
    }

    /** A reply file joined as the browser does it: the form, the POST to the bucket, the redirect back. */
    private RecipientExchange.Exchange joined(RecipientExchange.Exchange exchange, String name, byte[] content) {
        FileStore.PresignedForm form = exchanges.replyUploadForm(exchange).orElseThrow();
        String redirect = f.files.post(form, content, "application/pdf", name);
        assertTrue(redirect.startsWith("https://messagerie.example.fr/r/" + exchange.token() + "/reply-files/uploaded"));
        return exchanges.completeReplyUpload(exchange.token(), form.fields().get("key"));
    }

    // Landing and opening

    @Test
    void landing_on_the_link_records_nothing() {
        String id = deliveredWithFile(ReplyOptions.NONE);
        List<DeliveryEvent> before = f.deliveries.events(id);

        for (int i = 0; i < 3; i++) {
            assertTrue(exchanges.find(f.token(id), null).isPresent());
            assertTrue(exchanges.reach(f.token(id), null).isPresent());
        }

        assertEquals(before, f.deliveries.events(id));
        assertEquals(DeliveryStatus.DELIVERED, f.showThread.show(f.alice, id).status());
        assertEquals(Optional.empty(), exchanges.find(f.token(id), null).orElseThrow().readAt());
        assertEquals(null, row(id).readL());
    }

    @Test
    void opening_records_one_read_receipt_however_often_it_is_asked() {
        String id = deliveredWithFile(ReplyOptions.NONE);
        f.clock.advance(Duration.ofMinutes(2));
        Instant openedAt = f.clock.instant();

        exchanges.open(exchanges.reach(f.token(id), null).orElseThrow());
        f.clock.advance(Duration.ofMinutes(2));
        RecipientExchange.Reached stale = exchanges.reach(f.token(id), null).orElseThrow();
        exchanges.open(stale);
        exchanges.open(stale);
        f.opened(id);

        assertEquals(1, reads(id));
        DeliveryEvent receipt = f.deliveries.events(id).stream().filter(e -> e.type() == EventType.READ)
                .findFirst().orElseThrow();
        assertEquals("contact@acme.fr", receipt.actor(), "by the recipient");
        assertEquals("contact@acme.fr", receipt.actorLabel());
        assertEquals(openedAt, receipt.at());
        assertEquals(Optional.of(openedAt), exchanges.find(f.token(id), null).orElseThrow().readAt());
        assertEquals(DeliveryStatus.READ, f.showThread.show(f.alice, id).status());
        assertEquals("Lu par le destinataire", f.showThread.show(f.alice, id).status().label());
        assertEquals(openedAt, row(id).readL());
    }

    @Test
    void opened_twice_from_pages_loaded_before_either_opening_still_one_receipt() {
        String id = deliveredWithFile(ReplyOptions.NONE);
        RecipientExchange.Reached firstTab = exchanges.reach(f.token(id), null).orElseThrow();
        RecipientExchange.Reached secondTab = exchanges.reach(f.token(id), null).orElseThrow();

        exchanges.open(firstTab);
        f.clock.advance(Duration.ofSeconds(5));
        exchanges.open(secondTab);

        assertEquals(1, reads(id));
    }

    @Test
    void nothing_of_the_letter_before_it_is_opened_its_files_nor_its_proof() {
        String id = deliveredWithFile(ReplyOptions.NONE);
        RecipientExchange.Exchange landing = f.exchange(id);
        Attachment file = landing.attachments().get(0);

        ProblemException download = problem(() -> exchanges.download(landing, file.id()));
        assertEquals(409, download.status());
        assertEquals("letter-not-opened", download.code());
        assertEquals("Accédez d'abord au contenu du courrier pour télécharger ses fichiers.",
                download.violations().get(0).message());
        ProblemException proof = problem(() -> f.proofs.forRecipient(landing));
        assertEquals("letter-not-opened", proof.code());
        assertEquals("Accédez d'abord au contenu du courrier : la preuve des échanges, qui le reproduit, est "
                + "disponible une fois le courrier ouvert.", proof.violations().get(0).message());
        assertEquals(List.of(), f.rendered);
        assertEquals(0, reads(id), "refusing records no receipt either");

        RecipientExchange.Exchange opened = f.opened(id);
        String link = exchanges.download(opened, file.id());
        assertTrue(link.startsWith(InMemoryFileStore.URL_BASE + "letters/l1/cahier.pdf?method=GET&filename=cahier.pdf"));
        ProblemException unknownFile = problem(() -> exchanges.download(opened, "autre"));
        assertEquals(404, unknownFile.status());
        assertEquals("attachment-not-found", unknownFile.code());
        assertEquals("Fichier introuvable.", unknownFile.violations().get(0).message());
    }

    // Replying

    @Test
    void a_reply_is_recorded_with_the_fingerprints_of_its_body_and_files_in_the_r_event() {
        String id = deliveredWithFile(new ReplyOptions(true, DEADLINE, false));
        RecipientExchange.Exchange opened = f.opened(id);
        byte[] offer = "%PDF offre de prix".getBytes(StandardCharsets.UTF_8);
        RecipientExchange.Exchange withFile = joined(opened, "offre.pdf", offer);
        assertEquals(1, withFile.replyFiles().size());
        f.clock.advance(Duration.ofMinutes(1));

        RecipientExchange.Exchange replied = exchanges.reply(withFile, "Bonjour,\n\nVoici le DC4 & l'offre.");

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
                Evidence.parse(r.detail(DeliveryEvent.ATTACHMENTS)));
        assertTrue(f.files.isEvidence(reply.attachments().get(0).storageKey()), "the reply's file is locked");
        assertEquals(DeliveryStatus.REPLY_UNREAD, f.showThread.show(f.alice, id).status());
        assertEquals("Bonjour, Voici le DC4 & l'offre.", row(id).replyExcerpt());
        assertEquals(f.clock.instant(), row(id).repliedR());
        assertFalse(replied.canReply(f.clock.instant()));
    }

    @Test
    void a_reply_from_a_page_not_yet_opened_records_the_read_receipt_first() {
        String id = deliveredWithFile(ReplyOptions.ALLOWED);

        RecipientExchange.Exchange replied = exchanges.reply(f.exchange(id), "Réponse directe");

        assertEquals(List.of(EventType.SENT, EventType.DELIVERED, EventType.READ, EventType.REPLIED),
                f.eventTypes(id));
        assertTrue(replied.readAt().isPresent());
        f.opened(id);
        assertEquals(1, reads(id));
    }

    @Test
    void one_reply_per_delivery_even_from_a_page_loaded_before_the_first() {
        String id = deliveredWithFile(ReplyOptions.ALLOWED);
        RecipientExchange.Exchange firstTab = f.opened(id);
        RecipientExchange.Exchange secondTab = f.exchange(id);
        exchanges.reply(firstTab, "Première réponse");

        ProblemException again = problem(() -> exchanges.reply(f.exchange(id), "Deuxième réponse"));
        assertEquals(409, again.status());
        assertEquals("reply-already-sent", again.code());
        assertEquals("Une réponse a déjà été envoyée pour ce courrier.", again.violations().get(0).message());

        ProblemException stale = problem(() -> exchanges.reply(secondTab, "Deuxième réponse"));
        assertEquals(409, stale.status());
        assertEquals("reply-already-sent", stale.code());
        assertEquals("Une réponse a déjà été envoyée pour ce courrier.", stale.violations().get(0).message());

        assertEquals("<p>Première réponse</p>", f.deliveries.reply(id).orElseThrow().body());
        assertEquals(1, f.deliveries.events(id).stream().filter(e -> e.type() == EventType.REPLIED).count());
        assertEquals(Optional.empty(), exchanges.replyUploadForm(f.exchange(id)), "no more files either");
    }

    @Test
    void a_reply_is_refused_from_the_deadline_on() {
        String id = deliveredWithFile(new ReplyOptions(true, DEADLINE, false));
        RecipientExchange.Exchange opened = f.opened(id);
        f.clock.set(DEADLINE);

        ProblemException late = problem(() -> exchanges.reply(opened, "Trop tard"));

        assertEquals(409, late.status());
        assertEquals("reply-deadline-passed", late.code());
        assertEquals("La date limite de réponse (01/12/2026 - 18:00) est dépassée : il n'est plus possible de "
                + "répondre à ce courrier.", late.violations().get(0).message());
        assertEquals(Optional.empty(), f.deliveries.reply(id));
        assertFalse(f.eventTypes(id).contains(EventType.REPLIED));
        assertFalse(opened.canReply(DEADLINE));
        assertEquals(Optional.empty(), exchanges.replyUploadForm(opened));
    }

    @Test
    void a_reply_just_before_the_deadline_is_accepted() {
        String id = deliveredWithFile(new ReplyOptions(true, DEADLINE, false));
        RecipientExchange.Exchange opened = f.opened(id);
        f.clock.set(DEADLINE.minusMillis(1));

        exchanges.reply(opened, "Juste à temps");

        assertEquals(DEADLINE.minusMillis(1), f.deliveries.reply(id).orElseThrow().sentAt());
    }

    @Test
    void a_file_joined_before_the_deadline_cannot_be_completed_after_it() {
        String id = deliveredWithFile(new ReplyOptions(true, DEADLINE, false));
        RecipientExchange.Exchange opened = f.opened(id);
        FileStore.PresignedForm form = exchanges.replyUploadForm(opened).orElseThrow();
        f.files.post(form, new byte[] {1, 2, 3}, "application/pdf", "offre.pdf");
        f.clock.set(DEADLINE);

        ProblemException late = problem(() -> exchanges.completeReplyUpload(opened.token(), form.fields().get("key")));

        assertEquals("reply-deadline-passed", late.code());
        assertFalse(f.files.exists(form.fields().get("key")), "what was uploaded is discarded");
        assertEquals(List.of(), f.exchange(id).replyFiles());
    }

    @Test
    void a_letter_that_calls_for_no_reply_refuses_one() {
        String id = deliveredWithFile(ReplyOptions.NONE);

        ProblemException refused = problem(() -> exchanges.reply(f.opened(id), "Bonjour"));

        assertEquals(409, refused.status());
        assertEquals("reply-not-allowed", refused.code());
        assertEquals("Ce courrier n'appelle pas de réponse.", refused.violations().get(0).message());
    }

    @Test
    void a_blank_reply_is_refused() {
        String id = deliveredWithFile(ReplyOptions.ALLOWED);

        ProblemException blank = problem(() -> exchanges.reply(f.opened(id), " \n "));

        assertEquals(400, blank.status());
        assertEquals("reply-body-required", blank.code());
        assertEquals("Le corps de la réponse est obligatoire.", blank.violations().get(0).message());
        assertEquals(Optional.empty(), f.deliveries.reply(id));
    }

    // Tokens

    @Test
    void revoked_expired_malformed_and_unknown_tokens_open_nothing_alike() {
        String id = deliveredWithFile(ReplyOptions.ALLOWED);
        String token = f.token(id);
        assertTrue(exchanges.find(token, null).isPresent());

        for (String unknown : List.of("token000000000000000000000000099", "court", "../../etc/passwd", "")) {
            assertEquals(Optional.empty(), exchanges.reach(unknown, null), unknown);
            assertEquals(Optional.empty(), exchanges.find(unknown, null), unknown);
        }
        assertEquals(Optional.empty(), exchanges.find(null, null));

        f.revokeLink.revoke(f.alice, id);

        assertEquals(Optional.empty(), exchanges.reach(token, null));
        assertEquals(Optional.empty(), exchanges.find(token, null));
        ProblemException upload = problem(() -> exchanges.completeReplyUpload(token,
                "reply-uploads/" + id + "/0b7e8f5e-8f6a-4b8e-9d7b-1a2b3c4d5e6f"));
        ProblemException unknownUpload = problem(() -> exchanges.completeReplyUpload(
                "token000000000000000000000000099", "reply-uploads/" + id + "/0b7e8f5e-8f6a-4b8e-9d7b-1a2b3c4d5e6f"));
        assertEquals(unknownUpload.status(), upload.status());
        assertEquals(unknownUpload.violations(), upload.violations());
        assertEquals("invalid-upload", upload.code());
        assertEquals(List.of(EventType.SENT, EventType.DELIVERED, EventType.LINK_REVOKED), f.eventTypes(id),
                "no receipt, no reply through a revoked link");
    }

    @Test
    void a_token_opens_nothing_once_its_validity_is_over() {
        String id = deliveredWithFile(ReplyOptions.NONE);
        String token = f.token(id);

        f.clock.set(T0.plus(AccessTokens.VALIDITY));
        assertTrue(exchanges.reach(token, null).isPresent(), "valid up to its last instant");
        f.clock.set(T0.plus(AccessTokens.VALIDITY).plusMillis(1));
        assertEquals(Optional.empty(), exchanges.reach(token, null));
        assertEquals(Optional.empty(), exchanges.find(token, null));
    }

    @Test
    void a_token_reaches_the_other_letters_of_the_same_company_on_the_consultation_and_no_other() {
        Letter first = f.letter("l1", ReplyOptions.NONE, "Premier", "<p>1</p>", f.acme, f.batiment);
        String mine = f.delivered(first, f.acme);
        String theirs = f.delivered(first, f.batiment);
        f.clock.advance(Duration.ofMinutes(1));
        Letter second = f.letter("l2", ReplyOptions.NONE, "Second", "<p>2</p>", f.acme);
        String myOther = f.delivered(second, f.acme);
        String token = f.token(mine);

        assertEquals(myOther, exchanges.find(token, myOther).orElseThrow().delivery().id());
        assertEquals(List.of(myOther, mine), exchanges.history(f.exchange(mine)).stream()
                .map(e -> e.delivery().id()).toList(), "newest first");
        assertEquals(Optional.empty(), exchanges.find(token, theirs), "another company's letter");
        assertEquals(Optional.empty(), exchanges.find(token, "0123456789abcdef0123456789abcdef"));

        f.revokeLink.revoke(f.alice, myOther);
        assertEquals(Optional.empty(), exchanges.find(token, myOther), "its own link was disabled");
        assertTrue(exchanges.find(token, null).isPresent());
    }
}
