package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Organism;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.SettableClock;
import fr.messagerie.common.Violation;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.ConsultationInput;
import fr.messagerie.consultations.Contact;
import fr.messagerie.consultations.InMemoryConsultationStore;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DeliveryView;
import fr.messagerie.delivery.DispatchQueue.Dispatch;
import fr.messagerie.delivery.InMemoryDeliveryStore;
import fr.messagerie.delivery.InMemoryDispatchQueue;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.InMemoryAttachmentStore;
import fr.messagerie.files.InMemoryFileStore;
import fr.messagerie.letters.DraftInput.ContactInput;
import fr.messagerie.letters.DraftInput.RecipientsInput;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sending a letter over in-memory ports: one delivery and one dispatch per recipient, whatever the retries. */
class SendLetterTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private final LettersKit kit = new LettersKit(clock, new InMemoryFileStore(clock));
    private final InMemoryConsultationStore consultationStore = kit.consultationStore;
    private final InMemoryAttachmentStore attachments = kit.attachments;
    private final InMemoryLetterStore letters = kit.letters;
    private final InMemoryDeliveryStore deliveries = kit.deliveries;
    private final InMemoryDispatchQueue queue = kit.queue;

    private final Agent alice = new Agent("a1", "Alice Martin", "alice@lyon.fr", "lyon", "Direction des achats");
    private final Agent paul = new Agent("p1", "Paul Durand", "paul@paris.fr", "paris", null);

    SendLetterTest() {
        kit.upsertConsultation.upsert("ADO-1", new ConsultationInput("lyon", "ADO-2026-001", "Travaux de voirie",
                "Réfection de la rue Mercière", "2026-12-31T17:30:00+01:00", "Direction de la voirie",
                "https://marches.example.fr/ADO-2026-001", Map.of(
                "WITHDRAWALS", List.of(new ContactInput("jean@btp.fr", "Jean Dupont", "BTP SA", null),
                        new ContactInput("marie@bureau.fr", "Marie Curie", null, null)))));
    }

    private Letter draft(String addresses, List<String> registers) {
        return kit.createDraft.create(alice, "ADO-1", new DraftInput("COURRIER_LIBRE", null, null, null, null,
                new RecipientsInput(addresses, registers, null), null));
    }

    /** A draft to {@code count} typed addresses. */
    private Letter draftTo(int count) {
        return draft(IntStream.range(0, count).mapToObj(i -> "dest" + i + "@sarl.fr")
                .collect(Collectors.joining(" ")), null);
    }

    private Set<String> expectedDeliveryIds(Letter letter) {
        return letter.recipients().stream().map(r -> Delivery.idOf(letter.id(), r))
                .collect(Collectors.toSet());
    }

    private Set<String> storedDeliveryIds(String letterId) {
        return deliveries.ofLetter(letterId).stream().map(v -> v.delivery().id()).collect(Collectors.toSet());
    }

    @Test
    void sending_creates_one_delivery_per_distinct_recipient_and_enqueues_one_dispatch_each() {
        Letter draft = draft("Jean@BTP.fr zoe@sarl.fr ZOE@sarl.fr", List.of("WITHDRAWALS"));
        assertEquals(3, draft.recipients().size(), "case-insensitive duplicates merged");

        SendLetter.Receipt receipt = kit.sendLetter.send(alice, draft.id(), "key-1");

        assertEquals(new SendLetter.Receipt(draft.id(), 3, LetterState.SENT), receipt);
        List<DeliveryView> views = deliveries.ofLetter(draft.id());
        assertEquals(3, views.size());
        assertEquals(Set.of("jean@btp.fr", "marie@bureau.fr", "zoe@sarl.fr"),
                views.stream().map(v -> v.delivery().recipient().key()).collect(Collectors.toSet()));
        for (DeliveryView view : views) {
            Delivery delivery = view.delivery();
            assertEquals(Delivery.idOf(draft.id(), delivery.recipient()), delivery.id());
            assertEquals("ADO-1", delivery.consultationId());
            assertEquals("lyon", delivery.organismId());
            assertEquals(T0, delivery.createdAt());
            assertEquals(DeliveryStatus.SENDING, view.status());
        }
        assertEquals(views.stream().map(v -> new Dispatch(v.delivery().id(), 1)).collect(Collectors.toSet()),
                new HashSet<>(queue.enqueued()));
        assertEquals(3, queue.enqueued().size(), "one dispatch each, no more");
    }

    @Test
    void the_sent_letter_is_frozen_with_the_consultation_block_as_it_was_at_send() {
        Letter draft = draft("zoe@sarl.fr", null);
        clock.advance(Duration.ofMinutes(3));

        kit.sendLetter.send(alice, draft.id(), null);
        kit.upsertConsultation.upsert("ADO-1", new ConsultationInput("lyon", "ADO-2026-001", "Intitulé corrigé après envoi",
                null, null, null, null, null));
        kit.organisms.save(new Organism("lyon", "Métropole de Lyon"));

        Letter sent = letters.find(draft.id()).orElseThrow();
        assertEquals(LetterState.SENT, sent.state());
        assertEquals(T0.plus(Duration.ofMinutes(3)), sent.sentAt());
        assertEquals(draft.version() + 1, sent.version());
        Consultation block = sent.consultation();
        assertEquals("Travaux de voirie", block.title());
        assertEquals("Ville de Lyon", block.organismName());
        assertEquals("ADO-2026-001", block.reference());
        assertEquals(Instant.parse("2026-12-31T16:30:00Z"), block.bidDeadline());
        assertEquals("https://marches.example.fr/ADO-2026-001", block.directLink());
        assertEquals(Map.of(), block.registers(), "the block keeps no register");
    }

    @Test
    void typed_addresses_feed_the_free_recipients_register_and_register_contacts_do_not() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", new DraftInput("COURRIER_LIBRE", null, null, null, null,
                new RecipientsInput("Zoe@Sarl.fr", List.of("WITHDRAWALS"),
                        List.of(new ContactInput("nina@sarl.fr", "Nina", "SARL", null))), null));
        assertEquals(List.of(), consultationStore.freeRecipients("lyon", "ADO-1"), "not at draft time");

        kit.sendLetter.send(alice, draft.id(), null);

        assertEquals(List.of("nina@sarl.fr", "Zoe@Sarl.fr"), consultationStore.freeRecipients("lyon", "ADO-1")
                .stream().map(Contact::email).toList());
        assertTrue(consultationStore.freeRecipients("paris", "ADO-1").isEmpty());
    }

    @Test
    void a_repeated_send_request_with_the_same_key_answers_the_same_and_sends_nothing_more() {
        Letter draft = draftTo(3);
        SendLetter.Receipt first = kit.sendLetter.send(alice, draft.id(), "key-1");

        SendLetter.Receipt again = kit.sendLetter.send(alice, draft.id(), "key-1");

        assertEquals(first, again);
        assertEquals(3, deliveries.ofLetter(draft.id()).size());
        assertEquals(3, queue.enqueued().size());
    }

    @Test
    void a_second_send_of_a_sent_letter_is_refused_with_the_time_it_was_sent() {
        Letter draft = draftTo(1);
        kit.sendLetter.send(alice, draft.id(), "key-1");

        for (String key : new String[] {null, "key-2"}) {
            ProblemException refusal = assertThrows(ProblemException.class,
                    () -> kit.sendLetter.send(alice, draft.id(), key));
            assertEquals(409, refusal.status());
            assertEquals("letter-already-sent", refusal.code());
            assertEquals("Ce courrier a déjà été envoyé le 20/11/2026 - 11:00:00.",
                    refusal.violations().get(0).message());
        }
        assertEquals(1, queue.enqueued().size());
    }

    @Test
    void an_idempotency_key_is_1_to_200_visible_ascii_characters() {
        Letter draft = draftTo(1);
        for (String key : new String[] {"", "avec espace", "clé", "k".repeat(201)}) {
            ProblemException refusal = assertThrows(ProblemException.class,
                    () -> kit.sendLetter.send(alice, draft.id(), key), key);
            assertEquals(400, refusal.status());
            assertEquals("invalid-idempotency-key", refusal.code());
            assertEquals("Idempotency-Key", refusal.violations().get(0).field());
            assertEquals("L'en-tête Idempotency-Key doit compter de 1 à 200 caractères ASCII visibles.",
                    refusal.violations().get(0).message());
        }
        assertEquals(LetterState.DRAFT, letters.find(draft.id()).orElseThrow().state());
        assertEquals(LetterState.SENT, kit.sendLetter.send(alice, draft.id(), "k".repeat(200)).state());
    }

    @Test
    void a_letter_without_recipient_is_not_sent_and_nothing_is_written() {
        Letter draft = draft(null, null);

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.sendLetter.send(alice, draft.id(), null));

        assertEquals(400, refusal.status());
        assertEquals("recipients-required", refusal.code());
        assertEquals("Ajoutez au moins un destinataire avant d'envoyer le courrier.",
                refusal.violations().get(0).message());
        assertEquals(draft, letters.find(draft.id()).orElseThrow());
        assertEquals(0, deliveries.size());
        assertEquals(List.of(), queue.enqueued());
    }

    @Test
    void a_reply_deadline_passed_since_the_draft_was_saved_stops_the_send() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", new DraftInput("DEMANDE_COMPLEMENT", null,
                new DraftInput.ReplyOptionsInput(true, "2026-11-21T10:00:00Z", false), null, null,
                new RecipientsInput("zoe@sarl.fr", null, null), null));
        clock.advance(Duration.ofDays(2));

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.sendLetter.send(alice, draft.id(), null));

        assertEquals("reply-deadline-in-past", refusal.code());
        assertEquals(LetterState.DRAFT, letters.find(draft.id()).orElseThrow().state());
    }

    @Test
    void a_simple_email_is_not_sent_with_more_than_5_mo_or_a_type_an_email_cannot_carry() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", new DraftInput("COURRIER_LIBRE", "SIMPLE", null, null, null,
                new RecipientsInput("zoe@sarl.fr", null, null), null));
        AttachmentStore.Owner owner = AttachmentStore.Owner.letter(draft.id());
        attachments.save(owner, new AttachmentStore.StoredAttachment(new Attachment("f1", "plans.pdf",
                "application/pdf", 5 * AttachmentRules.MEGABYTE + 1, "aa", "k1"), true, null, T0));
        attachments.save(owner, new AttachmentStore.StoredAttachment(new Attachment("f2", "macro.vbs",
                "text/plain", 10, "bb", "k2"), true, null, T0));

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.sendLetter.send(alice, draft.id(), null));

        assertEquals(List.of("attachments-too-large", "attachment-type-refused"),
                refusal.violations().stream().map(Violation::code).toList());
        assertEquals(LetterState.DRAFT, letters.find(draft.id()).orElseThrow().state());
        assertEquals(0, deliveries.size());
    }

    @Test
    void a_letter_with_more_than_50_files_is_not_sent() {
        Letter draft = draftTo(1);
        AttachmentStore.Owner owner = AttachmentStore.Owner.letter(draft.id());
        for (int i = 0; i < 51; i++) {
            attachments.save(owner, new AttachmentStore.StoredAttachment(new Attachment("f" + i, "piece" + i + ".pdf",
                    "application/pdf", 10, "aa", "k" + i), true, null, T0));
        }

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.sendLetter.send(alice, draft.id(), null));

        assertEquals("too-many-attachments", refusal.code());
        assertEquals("Le nombre de pièces jointes est limité à 50 par courrier avec accusé de réception (51 jointes) "
                + ": retirez-en.", refusal.violations().get(0).message());
        assertEquals(LetterState.DRAFT, letters.find(draft.id()).orElseThrow().state());
    }

    @Test
    void another_organism_letter_cannot_be_sent_and_is_answered_as_a_missing_one() {
        Letter draft = draftTo(1);
        ProblemException elsewhere = assertThrows(ProblemException.class,
                () -> kit.sendLetter.send(paul, draft.id(), null));
        ProblemException missing = assertThrows(ProblemException.class,
                () -> kit.sendLetter.send(paul, "no-such-letter", null));
        assertEquals(404, elsewhere.status());
        assertEquals("letter-not-found", elsewhere.code());
        assertEquals(missing.violations(), elsewhere.violations());
        assertEquals(LetterState.DRAFT, letters.find(draft.id()).orElseThrow().state());
    }

    @Test
    void a_draft_changed_while_it_is_being_frozen_is_not_sent() {
        Letter draft = draftTo(2);
        letters.beforeNextWrite(() -> kit.updateDraft.update(alice, draft.id(),
                new DraftInput(null, null, null, "Changé par un collègue", null, null, null)));

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.sendLetter.send(alice, draft.id(), null));

        assertEquals(409, refusal.status());
        assertEquals("concurrent-modification", refusal.code());
        assertEquals("Le brouillon a été modifié pendant l'envoi : rechargez-le avant de recommencer.",
                refusal.violations().get(0).message());
        Letter stored = letters.find(draft.id()).orElseThrow();
        assertEquals(LetterState.DRAFT, stored.state());
        assertEquals("Changé par un collègue", stored.subject());
        assertEquals(0, deliveries.size());
    }

    @Test
    void a_send_failing_before_any_delivery_exists_puts_the_letter_back_to_draft() {
        Letter draft = draftTo(3);
        deliveries.failCreateAfter(0, new IllegalStateException("DynamoDB indisponible"));

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.sendLetter.send(alice, draft.id(), "key-1"));

        assertEquals(503, refusal.status());
        assertEquals("send-failed", refusal.code());
        assertEquals("L'envoi du courrier n'a pas pu commencer : aucun destinataire n'a été servi et le courrier est "
                + "redevenu un brouillon. Vérifiez-le, puis envoyez-le de nouveau.",
                refusal.violations().get(0).message());
        Letter back = letters.find(draft.id()).orElseThrow();
        assertEquals(LetterState.DRAFT, back.state());
        assertNull(back.sentAt());
        assertNull(back.consultation());
        assertEquals(draft.version() + 2, back.version());
        assertEquals(0, deliveries.size());
        assertEquals(List.of(), queue.enqueued());

        // Editable again, then sent for good.
        kit.updateDraft.update(alice, draft.id(), new DraftInput(null, null, null, "Relu", null, null, back.version()));
        assertEquals(LetterState.SENT, kit.sendLetter.send(alice, draft.id(), "key-2").state());
        assertEquals(expectedDeliveryIds(draft), storedDeliveryIds(draft.id()));
    }

    @Test
    void a_fan_out_crashing_midway_stays_sending_and_the_next_request_completes_it_without_duplicates() {
        Letter draft = draftTo(25);
        deliveries.failCreateAfter(13, new IllegalStateException("DynamoDB indisponible"));

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.sendLetter.send(alice, draft.id(), "key-1"));

        assertEquals(503, refusal.status());
        assertEquals("send-interrupted", refusal.code());
        assertEquals("L'envoi du courrier a été interrompu : renvoyez la demande d'envoi pour le terminer. Les "
                + "destinataires déjà servis ne recevront pas le courrier une seconde fois.",
                refusal.violations().get(0).message());
        assertEquals(LetterState.SENDING, letters.find(draft.id()).orElseThrow().state());
        assertEquals(18, deliveries.size(), "the chunks beside the failed one went through: 10 + 3 + 5");
        assertEquals(List.of(), queue.enqueued(), "no dispatch before every delivery exists");
        assertThrows(ProblemException.class, () -> kit.updateDraft.update(alice, draft.id(),
                new DraftInput(null, null, null, "Trop tard", null, null, null)), "sending: no longer a draft");

        SendLetter.Receipt receipt = kit.sendLetter.send(alice, draft.id(), "key-1");

        assertEquals(new SendLetter.Receipt(draft.id(), 25, LetterState.SENT), receipt);
        assertEquals(25, deliveries.size());
        assertEquals(expectedDeliveryIds(draft), storedDeliveryIds(draft.id()));
        assertEquals(25, queue.enqueued().size());
        assertEquals(expectedDeliveryIds(draft), new HashSet<>(queue.deliveryIds()));
        assertEquals(List.of(10, 10, 5), queue.calls().stream().map(List::size).toList(), "SQS batches of 10");
        assertEquals(LetterState.SENT, letters.find(draft.id()).orElseThrow().state());
    }

    @Test
    void a_crash_within_the_first_chunk_after_some_deliveries_were_written_keeps_the_letter_sending() {
        Letter draft = draftTo(5);
        deliveries.failCreateAfter(2, new IllegalStateException("DynamoDB indisponible"));

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.sendLetter.send(alice, draft.id(), null));

        assertEquals("send-interrupted", refusal.code(), "a delivery exists: it cannot go back to draft");
        assertEquals(LetterState.SENDING, letters.find(draft.id()).orElseThrow().state());
        assertEquals(2, deliveries.size());

        kit.sendLetter.send(alice, draft.id(), null);
        assertEquals(expectedDeliveryIds(draft), storedDeliveryIds(draft.id()));
    }

    @Test
    void a_crash_while_enqueuing_is_resumed_every_delivery_dispatched_and_none_created_twice() {
        Letter draft = draftTo(25);
        queue.failAfter(1, new IllegalStateException("SQS indisponible"));

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.sendLetter.send(alice, draft.id(), "key-1"));

        assertEquals(503, refusal.status());
        assertEquals("send-interrupted", refusal.code());
        Letter stuck = letters.find(draft.id()).orElseThrow();
        assertEquals(LetterState.SENDING, stuck.state());
        assertTrue(letters.isDispatching(draft.id()), "dispatching started: it can never go back to draft");
        assertFalse(letters.returnToDraft(stuck, stuck.version()));
        assertEquals(15, queue.enqueued().size(), "the batches beside the refused one went through");

        kit.sendLetter.send(alice, draft.id(), "key-1");

        assertEquals(25, deliveries.size());
        assertEquals(expectedDeliveryIds(draft), storedDeliveryIds(draft.id()));
        assertEquals(expectedDeliveryIds(draft), new HashSet<>(queue.deliveryIds()), "none lost");
        assertTrue(queue.enqueued().stream().allMatch(d -> d.attempt() == 1));
        assertEquals(LetterState.SENT, letters.find(draft.id()).orElseThrow().state());
        assertEquals(List.of("key-1"), letters.sendIdempotencyKey(draft.id()).stream().toList());
    }

    @Test
    void a_sending_letter_is_resumed_by_a_request_with_another_key_or_none() {
        Letter draft = draftTo(3);
        queue.failNext(new IllegalStateException("SQS indisponible"));
        assertThrows(ProblemException.class, () -> kit.sendLetter.send(alice, draft.id(), "key-1"));
        assertEquals(List.of(), queue.enqueued());

        assertEquals(LetterState.SENT, kit.sendLetter.send(alice, draft.id(), null).state());
        assertEquals(expectedDeliveryIds(draft), new HashSet<>(queue.deliveryIds()));
        assertEquals(3, deliveries.size());
    }
}
