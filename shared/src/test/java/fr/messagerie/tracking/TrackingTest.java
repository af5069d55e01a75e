package fr.messagerie.tracking;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.common.ProblemException;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.Mailer;
import fr.messagerie.files.Attachment;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static fr.messagerie.ExchangeFixture.CONSULTATION;
import static fr.messagerie.ExchangeFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's follow-up of a consultation's exchanges, over in-memory ports. */
class TrackingTest {
    private static final String BOUNCE = "Adresse de messagerie inexistante.";
    private final ExchangeFixture f = new ExchangeFixture();

    private TrackingQuery.Page list(Map<String, String> query) {
        return f.listTracking.list(f.alice, CONSULTATION, TrackingQuery.parse(query));
    }

    private static List<String> ids(TrackingQuery.Page page) {
        return page.rows().stream().map(TrackingRow::deliveryId).toList();
    }

    private static ProblemException problem(Executable action) {
        return assertThrows(ProblemException.class, action);
    }

    /** Three letters a minute apart: delivered to ACME, bounced at Bâtiment Sud, read by Charpente. */
    private record Three(String acme, String batiment, String charpente) {
    }

    private Three three() {
        Letter l1 = f.letter("l1", ReplyOptions.ALLOWED, "Demande de complément", "<p>Merci de compléter le DC4.</p>",
                f.acme);
        String acme = f.delivered(l1, f.acme);
        f.clock.advance(Duration.ofMinutes(1));
        Letter l2 = f.letter("l2", ReplyOptions.NONE, "Réponse à votre question sur la toiture",
                "<p>La charpente est conservée.</p>", f.batiment);
        String batiment = f.sent(l2, f.batiment);
        f.bounced(batiment, BOUNCE);
        f.clock.advance(Duration.ofMinutes(1));
        Letter l3 = f.letter("l3", ReplyOptions.NONE, "Invitation à la visite", "<p>Visite le 3 décembre.</p>",
                f.charpente);
        String charpente = f.delivered(l3, f.charpente);
        f.opened(charpente);
        return new Three(acme, batiment, charpente);
    }

    // The list

    @Test
    void the_list_shows_each_letter_newest_first_with_its_status_its_times_and_the_counts() {
        Three sent = three();

        TrackingQuery.Page page = list(Map.of());

        assertEquals(List.of(sent.charpente(), sent.batiment(), sent.acme()), ids(page));
        assertEquals(List.of(DeliveryStatus.READ, DeliveryStatus.NOT_DELIVERED, DeliveryStatus.DELIVERED),
                page.rows().stream().map(TrackingRow::status).toList());
        assertEquals(3, page.total());
        assertEquals(Map.of(DeliveryStatus.READ, 1, DeliveryStatus.NOT_DELIVERED, 1, DeliveryStatus.DELIVERED, 1),
                page.countsByStatus());
        assertEquals(0, page.favorites());
        assertNull(page.nextCursor());

        TrackingRow acme = page.rows().get(2);
        assertEquals("Demande de complément", acme.subject());
        assertEquals("Merci de compléter le DC4.", acme.excerpt());
        assertEquals("contact@acme.fr", acme.recipient().email());
        assertEquals(T0, acme.sentAt());
        assertEquals(T0, acme.sentE(), "E: accepted by the mail service");
        assertEquals(T0.plusSeconds(1), acme.deliveredD(), "D: delivered by the receiving server");
        assertNull(acme.readL());
        assertNull(acme.nonDeliveryReason());
        assertEquals(BOUNCE, page.rows().get(1).nonDeliveryReason());
        assertNull(page.rows().get(1).deliveredD());
        assertEquals(f.clock.instant(), page.rows().get(0).readL(), "L: opened by the recipient");
    }

    @Test
    void the_status_filter_keeps_the_counts_of_every_status() {
        Three sent = three();

        TrackingQuery.Page notDelivered = list(Map.of("status", "NOT_DELIVERED"));
        assertEquals(List.of(sent.batiment()), ids(notDelivered));
        assertEquals(1, notDelivered.total());
        assertEquals(3, notDelivered.countsByStatus().values().stream().mapToInt(Integer::intValue).sum(),
                "the status tabs still count every status");

        TrackingQuery.Page two = list(Map.of("status", "DELIVERED,READ"));
        assertEquals(List.of(sent.charpente(), sent.acme()), ids(two));
        assertEquals(2, two.total());

        assertEquals(List.of(), ids(list(Map.of("status", "REPLY_UNREAD"))));
        assertEquals(0, list(Map.of("status", "REPLY_UNREAD")).total());
    }

    @Test
    void keywords_find_the_subject_body_and_recipient_without_accents_or_case() {
        Three sent = three();

        TrackingQuery.Page found = list(Map.of("q", "REPONSE toiture"));
        assertEquals(List.of(sent.batiment()), ids(found));
        assertEquals(1, found.total());
        assertEquals(Map.of(DeliveryStatus.NOT_DELIVERED, 1), found.countsByStatus(),
                "with a content filter the counts are those of the matching lines");
        assertEquals(List.of(sent.charpente()), ids(list(Map.of("q", "décembre"))), "searched in the body");
        assertEquals(List.of(sent.acme()), ids(list(Map.of("q", "acme.fr"))), "and in the recipient");
        assertEquals(List.of(), ids(list(Map.of("q", "toiture charpente visite"))), "every keyword must match");
    }

    @Test
    void the_recipient_type_and_date_filters() {
        Three sent = three();

        assertEquals(List.of(sent.acme()), ids(list(Map.of("recipient", "acme btp"))), "the company's name");
        assertEquals(List.of(sent.acme()), ids(list(Map.of("recipient", "DUPONT"))), "the contact's name");
        assertEquals(List.of(sent.batiment()), ids(list(Map.of("recipient", "batiment-sud"))), "the address");

        Letter typed = f.letter("l4", LetterType.DEMANDE_COMPLEMENT, SendMode.ACCESS_LINK, ReplyOptions.ALLOWED,
                "Pièces manquantes", "<p>Kbis</p>", f.batiment);
        String complement = f.sent(typed, f.batiment);
        assertEquals(List.of(complement), ids(list(Map.of("type", "DEMANDE_COMPLEMENT"))));

        // T0 is 20/11/2026 11:00 in Paris.
        assertEquals(4, list(Map.of("from", "2026-11-20", "to", "2026-11-20")).total());
        assertEquals(0, list(Map.of("from", "2026-11-21")).total());
        assertEquals(0, list(Map.of("to", "2026-11-19")).total());
        assertEquals(Map.of(), list(Map.of("to", "2026-11-19")).countsByStatus());
    }

    @Test
    void unreadable_filters_are_refused_in_french() {
        ProblemException unknown = problem(() -> list(Map.of("status", "LU")));
        assertEquals(400, unknown.status());
        assertEquals("invalid-status-filter", unknown.code());
        assertTrue(unknown.getMessage().contains("Statut inconnu : « LU »"));
        assertEquals("invalid-page-size", problem(() -> list(Map.of("limit", "15"))).code());
    }

    @Test
    void pages_of_ten_follow_each_other_through_the_cursor_without_gap_or_repeat() {
        List<String> sentIds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Letter letter = f.letter("p" + i, ReplyOptions.NONE, "Courrier " + i, "<p>Texte</p>", f.acme);
            sentIds.add(0, f.sent(letter, f.acme));
            f.clock.advance(Duration.ofSeconds(10));
        }

        TrackingQuery.Page first = list(Map.of());
        assertEquals(10, first.rows().size());
        assertEquals(12, first.total());
        assertEquals(Map.of(DeliveryStatus.SENDING, 12), first.countsByStatus());
        assertTrue(first.nextCursor() != null);

        TrackingQuery.Page second = list(Map.of("cursor", first.nextCursor()));
        assertEquals(2, second.rows().size());
        assertNull(second.nextCursor());
        List<String> all = new ArrayList<>(ids(first));
        all.addAll(ids(second));
        assertEquals(sentIds, all, "newest first, each line once");

        // The same with a filter answered by a full read (keywords).
        TrackingQuery.Page byKeyword = list(Map.of("q", "courrier"));
        TrackingQuery.Page byKeywordNext = list(Map.of("q", "courrier", "cursor", byKeyword.nextCursor()));
        List<String> again = new ArrayList<>(ids(byKeyword));
        again.addAll(ids(byKeywordNext));
        assertEquals(sentIds, again);
    }

    @Test
    void another_organism_lists_its_own_consultation_of_the_same_id_and_never_these_lines() {
        three();

        TrackingQuery.Page theirs = f.listTracking.list(f.eve, CONSULTATION, TrackingQuery.parse(Map.of()));

        assertEquals(List.of(), theirs.rows());
        assertEquals(0, theirs.total());
        assertEquals(Map.of(), theirs.countsByStatus());
        ProblemException missing = problem(() -> f.listTracking.list(f.alice, "ADO-404", TrackingQuery.parse(Map.of())));
        assertEquals(404, missing.status());
        assertEquals("consultation-not-found", missing.code());
        assertEquals("Consultation introuvable : elle n'a pas encore été transmise par la plate-forme.",
                missing.violations().get(0).message());
    }

    // Favourites

    @Test
    void a_favourite_is_shown_counted_and_filtered_for_every_agent_of_the_organism() {
        Three sent = three();

        f.markFavorite.mark(f.alice, sent.acme(), true);
        f.markFavorite.mark(f.alice, sent.acme(), true);

        TrackingQuery.Page all = f.listTracking.list(f.bruno, CONSULTATION, TrackingQuery.parse(Map.of()));
        assertTrue(all.rows().get(2).favorite());
        assertFalse(all.rows().get(0).favorite());
        assertEquals(1, all.favorites(), "starred twice, counted once");
        TrackingQuery.Page favorites = list(Map.of("favorite", "true"));
        assertEquals(List.of(sent.acme()), ids(favorites));
        assertEquals(1, favorites.total());
        assertEquals(List.of(), ids(list(Map.of("favorite", "true", "status", "READ"))));

        f.markFavorite.mark(f.bruno, sent.acme(), false);
        assertEquals(0, list(Map.of()).favorites());
        assertEquals(List.of(), ids(list(Map.of("favorite", "true"))));
        assertEquals(0, list(Map.of("favorite", "true")).total());
    }

    @Test
    void a_favourite_follows_its_line_when_the_status_changes() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme);
        String id = f.sent(letter, f.acme);
        f.markFavorite.mark(f.alice, id, true);
        assertEquals(List.of(id), ids(list(Map.of("favorite", "true", "status", "SENDING"))));

        f.delivered(id);

        assertEquals(List.of(id), ids(list(Map.of("favorite", "true", "status", "DELIVERED"))));
        assertEquals(1, list(Map.of("favorite", "true", "status", "DELIVERED")).total());
        assertEquals(0, list(Map.of("favorite", "true", "status", "SENDING")).total());
        assertEquals(1, list(Map.of()).favorites());
    }

    // The thread

    @Test
    void the_thread_shows_the_letter_its_files_its_events_in_order_and_the_consultation_as_sent() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme);
        Attachment file = f.letterFile(letter, "cahier.pdf", "CCTP");
        String id = f.delivered(letter, f.acme);
        // The platform renames the consultation after the letter left.
        f.consultationStore.save(new Consultation(CONSULTATION, "org-a", "ADO-2207-2020", "Nouveau titre", null,
                null, null, null, null, Map.of()));

        Threads.Thread thread = f.showThread.show(f.bruno, id);

        assertEquals(id, thread.delivery().id());
        assertEquals("Objet", thread.letter().subject());
        assertEquals("Réfection de la toiture du collège", thread.consultation().title());
        assertEquals("Département de l'Aude", thread.consultation().organismName());
        assertEquals(List.of(file), thread.attachments());
        assertEquals(List.of(EventType.SENT, EventType.DELIVERED),
                thread.events().stream().map(DeliveryEvent::type).toList());
        assertEquals(List.of("Alice MARTIN", "Technique"),
                thread.events().stream().map(DeliveryEvent::actorLabel).toList());
        assertEquals(DeliveryStatus.DELIVERED, thread.status());
        assertEquals(Optional.empty(), thread.failure());
        assertEquals(Optional.empty(), thread.reply());
    }

    @Test
    void the_thread_of_an_undelivered_letter_names_its_failure() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme);
        String id = f.sent(letter, f.acme);
        f.bounced(id, BOUNCE);

        Threads.Thread thread = f.showThread.show(f.alice, id);

        assertEquals(DeliveryStatus.NOT_DELIVERED, thread.status());
        assertEquals("Non délivré", thread.status().label());
        assertEquals(BOUNCE, thread.failure().orElseThrow().detail(DeliveryEvent.REASON));
    }

    // Resending

    @Test
    void an_undelivered_letter_is_resent_as_a_new_attempt_of_the_same_delivery() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme);
        String id = f.sent(letter, f.acme);
        f.bounced(id, BOUNCE);
        f.clock.advance(Duration.ofMinutes(5));
        Instant resentAt = f.clock.instant();

        Threads.Thread resent = f.resend.resend(f.bruno, id, null);

        assertEquals(id, resent.delivery().id());
        assertEquals(DeliveryStatus.SENDING, resent.status(), "the new attempt starts again");
        assertEquals(Optional.empty(), resent.failure());
        DeliveryEvent relance = resent.events().get(resent.events().size() - 1);
        assertEquals(EventType.RESENT, relance.type());
        assertEquals(2, relance.attempt());
        assertEquals(resentAt, relance.at());
        assertEquals("agent-bruno", relance.actor());
        assertEquals("Bruno PETIT", relance.actorLabel());
        assertEquals(List.of(new DispatchQueue.Dispatch(id, 2)), f.queue.enqueued());

        f.dispatchQueued();
        f.delivered(id);

        Threads.Thread thread = f.showThread.show(f.alice, id);
        assertEquals(DeliveryStatus.DELIVERED, thread.status());
        assertEquals(List.of(EventType.SENT, EventType.BOUNCED, EventType.RESENT, EventType.SENT, EventType.DELIVERED),
                thread.events().stream().map(DeliveryEvent::type).toList(), "the first attempt stays in the thread");
        assertEquals(List.of(1, 1, 2, 2, 2), thread.events().stream().map(DeliveryEvent::attempt).toList());
        assertEquals(2, f.emails.size());
        assertEquals("contact@acme.fr", f.emails.get(1).to());
        assertEquals(1, list(Map.of()).total(), "still one line");
        assertEquals(Map.of(DeliveryStatus.DELIVERED, 1), list(Map.of()).countsByStatus());
    }

    @Test
    void a_resend_the_queue_refused_leaves_the_letter_undelivered_so_that_the_agent_can_resend_it_again() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme);
        String id = f.sent(letter, f.acme);
        f.bounced(id, BOUNCE);
        f.queue.failNext(new IllegalStateException("SQS: service unavailable"));

        assertThrows(IllegalStateException.class, () -> f.resend.resend(f.alice, id, null));

        Threads.Thread unchanged = f.showThread.show(f.alice, id);
        assertEquals(DeliveryStatus.NOT_DELIVERED, unchanged.status(), "not stuck in \"En cours d'envoi\"");
        assertFalse(f.eventTypes(id).contains(EventType.RESENT), "no relance recorded that nothing will send");

        Threads.Thread resent = f.resend.resend(f.alice, id, null);
        assertEquals(DeliveryStatus.SENDING, resent.status());
        assertEquals(List.of(new DispatchQueue.Dispatch(id, 2)), f.queue.enqueued());
        f.dispatchQueued();
        assertEquals(List.of(EventType.SENT, EventType.BOUNCED, EventType.RESENT, EventType.SENT),
                f.showThread.show(f.alice, id).events().stream().map(DeliveryEvent::type).toList());
    }

    @Test
    void only_an_undelivered_letter_can_be_resent() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme);
        String id = f.delivered(letter, f.acme);

        ProblemException refused = problem(() -> f.resend.resend(f.alice, id, null));

        assertEquals(409, refused.status());
        assertEquals("resend-not-allowed", refused.code());
        assertEquals("Seul un courrier non délivré peut être relancé (statut actuel : Délivré).",
                refused.violations().get(0).message());
        assertEquals(List.of(), f.queue.enqueued());
        assertEquals(List.of(EventType.SENT, EventType.DELIVERED), f.eventTypes(id));
        assertEquals("resend-not-allowed", problem(() -> f.resend.resend(f.alice, id, "autre@acme.fr")).code());
    }

    @Test
    void a_letter_resent_to_a_corrected_address_is_a_new_delivery_linked_to_the_first() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme);
        String id = f.sent(letter, f.acme);
        f.bounced(id, BOUNCE);
        List<DeliveryEvent> before = f.deliveries.events(id);

        Threads.Thread corrected = f.resend.resend(f.alice, id, "  jean.dupont@acme.fr ");

        String newId = corrected.delivery().id();
        assertNotEquals(id, newId);
        assertEquals(id, corrected.delivery().correctionOf());
        assertEquals("jean.dupont@acme.fr", corrected.delivery().recipient().email());
        assertEquals("Jean DUPONT", corrected.delivery().recipient().name(), "the contact's name is kept");
        assertEquals("ACME BTP", corrected.delivery().recipient().company());
        assertEquals("l1", corrected.delivery().letterId());
        assertEquals(DeliveryStatus.SENDING, corrected.status());
        assertEquals(List.of(new DispatchQueue.Dispatch(newId, 1)), f.queue.enqueued());
        assertEquals(before, f.deliveries.events(id), "the undelivered one is left as it was");
        assertEquals(DeliveryStatus.NOT_DELIVERED, f.showThread.show(f.alice, id).status());

        f.dispatchQueued();
        assertEquals("jean.dupont@acme.fr", f.emails.get(f.emails.size() - 1).to());
        TrackingQuery.Page page = list(Map.of());
        assertEquals(List.of(newId, id).stream().sorted().toList(), ids(page).stream().sorted().toList());
        assertEquals(Map.of(DeliveryStatus.NOT_DELIVERED, 1, DeliveryStatus.SENDING, 1), page.countsByStatus());
    }

    @Test
    void a_corrected_address_must_be_valid_new_and_not_already_a_recipient_of_the_letter() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme, f.batiment);
        String id = f.sent(letter, f.acme);
        f.sent(letter, f.batiment);
        f.bounced(id, BOUNCE);

        ProblemException invalid = problem(() -> f.resend.resend(f.alice, id, "jean.dupont@"));
        assertEquals(400, invalid.status());
        assertEquals("invalid-recipient-address", invalid.code());
        assertEquals("email", invalid.violations().get(0).field());
        assertEquals("Adresse électronique invalide : « jean.dupont@ ».", invalid.violations().get(0).message());

        ProblemException same = problem(() -> f.resend.resend(f.alice, id, "Contact@ACME.fr"));
        assertEquals(400, same.status());
        assertEquals("same-address", same.code());
        assertEquals("L'adresse corrigée est identique à l'adresse d'origine : relancez sans la modifier.",
                same.violations().get(0).message());

        ProblemException taken = problem(() -> f.resend.resend(f.alice, id, "OFFRES@batiment-sud.fr"));
        assertEquals(409, taken.status());
        assertEquals("recipient-already-has-delivery", taken.code());
        assertEquals("Ce courrier a déjà été adressé à « OFFRES@batiment-sud.fr ».",
                taken.violations().get(0).message());

        String corrected = f.resend.resend(f.alice, id, "jean.dupont@acme.fr").delivery().id();
        assertEquals(corrected, f.resend.resend(f.alice, id, "jean.dupont@acme.fr").delivery().id(),
                "the same correction, not sent yet, is queued again rather than refused");
        assertEquals(2, f.queue.enqueued().size());
        f.dispatchQueued();
        assertEquals(1, f.emails.stream().filter(e -> e.to().equals("jean.dupont@acme.fr")).count(), "sent once");
        assertEquals("recipient-already-has-delivery",
                problem(() -> f.resend.resend(f.alice, id, "jean.dupont@acme.fr")).code(), "corrected once only");
    }

    @Test
    void a_correction_whose_enqueue_was_refused_is_sent_when_the_agent_tries_again() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme);
        String id = f.sent(letter, f.acme);
        f.bounced(id, BOUNCE);
        f.queue.failNext(new IllegalStateException("file d'envoi indisponible"));
        assertThrows(IllegalStateException.class, () -> f.resend.resend(f.alice, id, "jean.dupont@acme.fr"));

        String corrected = f.resend.resend(f.alice, id, "jean.dupont@acme.fr").delivery().id();
        f.dispatchQueued();
        assertEquals(List.of("jean.dupont@acme.fr"), f.emails.stream().map(Mailer.OutgoingEmail::to)
                .filter("jean.dupont@acme.fr"::equals).toList());
        assertEquals(id, f.deliveries.find(corrected).orElseThrow().correctionOf());
    }

    // "Réponse lue"

    @Test
    void reading_a_reply_is_recorded_once_with_the_agent_who_first_opened_it() {
        Letter letter = f.letter("l1", ReplyOptions.ALLOWED, "Demande de complément", "<p>DC4 ?</p>", f.acme);
        String id = f.delivered(letter, f.acme);

        ProblemException none = problem(() -> f.markReplyRead.mark(f.alice, id));
        assertEquals(409, none.status());
        assertEquals("no-reply", none.code());
        assertEquals("Le destinataire n'a pas encore répondu à ce courrier.", none.violations().get(0).message());

        f.sendReply.send(f.opened(id), "Voici notre DC4.");
        assertEquals(DeliveryStatus.REPLY_UNREAD, f.showThread.show(f.alice, id).status());
        f.clock.advance(Duration.ofMinutes(3));
        Instant readAt = f.clock.instant();

        Threads.Thread read = f.markReplyRead.mark(f.alice, id);
        f.clock.advance(Duration.ofMinutes(3));
        Threads.Thread again = f.markReplyRead.mark(f.bruno, id);

        assertEquals(DeliveryStatus.REPLY_READ, read.status());
        assertEquals("Réponse lue", again.status().label());
        List<DeliveryEvent> readings = again.events().stream().filter(e -> e.type() == EventType.REPLY_READ).toList();
        assertEquals(1, readings.size());
        assertEquals("agent-alice", readings.get(0).actor());
        assertEquals("Alice MARTIN", readings.get(0).actorLabel());
        assertEquals(readAt, readings.get(0).at());
        assertEquals("<p>Voici notre DC4.</p>", again.reply().orElseThrow().body());
        assertEquals(Map.of(DeliveryStatus.REPLY_READ, 1), list(Map.of()).countsByStatus());
    }

    // "Lien d'accès désactivé"

    @Test
    void disabling_the_link_is_recorded_once_with_the_agent_and_leaves_the_status_as_it_was() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme);
        String id = f.delivered(letter, f.acme);

        f.revokeLink.revoke(f.alice, id);
        Threads.Thread again = f.revokeLink.revoke(f.bruno, id);

        List<DeliveryEvent> revoked = again.events().stream().filter(e -> e.type() == EventType.LINK_REVOKED)
                .toList();
        assertEquals(1, revoked.size());
        assertEquals("Alice MARTIN", revoked.get(0).actorLabel());
        assertEquals("Lien d'accès désactivé", revoked.get(0).label());
        assertEquals(DeliveryStatus.DELIVERED, again.status());
    }

    @Test
    void a_simple_email_has_no_link_to_disable() {
        Letter letter = f.letter("l1", LetterType.COURRIER_LIBRE, SendMode.SIMPLE, ReplyOptions.NONE, "Objet",
                "<p>Texte</p>", f.acme);
        String id = f.delivered(letter, f.acme);

        ProblemException refused = problem(() -> f.revokeLink.revoke(f.alice, id));

        assertEquals(409, refused.status());
        assertEquals("no-access-link", refused.code());
        assertEquals("Ce courrier a été envoyé par courrier électronique simple : il n'a pas de lien d'accès à "
                + "désactiver.", refused.violations().get(0).message());
        assertEquals(List.of(EventType.SENT, EventType.DELIVERED), f.eventTypes(id));
    }

    // Organism isolation

    @Test
    void another_organisms_delivery_answers_exactly_like_a_missing_one_and_changes_nothing() {
        Letter letter = f.letter("l1", ReplyOptions.ALLOWED, "Objet", "<p>Texte</p>", f.acme);
        String id = f.sent(letter, f.acme);
        f.bounced(id, BOUNCE);
        String missing = "0123456789abcdef0123456789abcdef";
        List<DeliveryEvent> before = f.deliveries.events(id);

        Map<String, ProblemException> theirs = new HashMap<>();
        Map<String, ProblemException> none = new HashMap<>();
        for (String delivery : List.of(id, missing)) {
            Map<String, ProblemException> answers = delivery.equals(id) ? theirs : none;
            answers.put("thread", problem(() -> f.showThread.show(f.eve, delivery)));
            answers.put("favorite", problem(() -> f.markFavorite.mark(f.eve, delivery, true)));
            answers.put("resend", problem(() -> f.resend.resend(f.eve, delivery, null)));
            answers.put("correct", problem(() -> f.resend.resend(f.eve, delivery, "autre@acme.fr")));
            answers.put("reply-read", problem(() -> f.markReplyRead.mark(f.eve, delivery)));
            answers.put("revoke", problem(() -> f.revokeLink.revoke(f.eve, delivery)));
        }

        for (String action : theirs.keySet()) {
            ProblemException answer = theirs.get(action);
            assertEquals(404, answer.status(), action);
            assertEquals("delivery-not-found", answer.code(), action);
            assertEquals("Échange introuvable.", answer.violations().get(0).message(), action);
            assertEquals(none.get(action).status(), answer.status(), action);
            assertEquals(none.get(action).violations(), answer.violations(), action);
            assertEquals(none.get(action).getMessage(), answer.getMessage(), action);
        }
        assertEquals(before, f.deliveries.events(id));
        assertEquals(List.of(), f.queue.enqueued());
        assertEquals(0, list(Map.of()).favorites());
        assertEquals(DeliveryStatus.NOT_DELIVERED, f.showThread.show(f.alice, id).status());
    }

    // Counts

    @Test
    void the_lists_counts_come_from_the_kept_counts_and_heal_ten_minutes_after_a_lost_change() {
        // What the in-memory store mirrors of the DynamoDB one (DynamoCountsRecountTest tests the adapter itself).
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme);
        String id = f.sent(letter, f.acme);
        assertEquals(Map.of(DeliveryStatus.SENDING, 1), list(Map.of()).countsByStatus());
        int recounts = f.deliveries.recounts();
        // A crash between the status change and its count.
        f.deliveries.loseNextCountChange();
        f.delivered(id);

        TrackingQuery.Page stale = list(Map.of());
        assertEquals(DeliveryStatus.DELIVERED, stale.rows().get(0).status());
        assertEquals(Map.of(DeliveryStatus.SENDING, 1), stale.countsByStatus(), "kept counts, read as they are");
        assertEquals(recounts, f.deliveries.recounts());

        f.clock.advance(InMemoryTrackingStore.RECOUNT_AFTER);
        assertEquals(Map.of(DeliveryStatus.DELIVERED, 1), list(Map.of()).countsByStatus());
        assertEquals(recounts + 1, f.deliveries.recounts());
        assertEquals(Map.of(DeliveryStatus.DELIVERED, 1), list(Map.of()).countsByStatus());
        assertEquals(recounts + 1, f.deliveries.recounts(), "fresh again: no recount");
    }

    @Test
    void a_recount_that_raced_a_change_is_not_kept_and_the_next_list_counts_again() {
        Letter letter = f.letter("l1", ReplyOptions.NONE, "Objet", "<p>Texte</p>", f.acme, f.batiment);
        String first = f.sent(letter, f.acme);
        // While the first list recounts, the second delivery is created and counted.
        f.deliveries.beforeNextRecountWrite(() -> f.sent(letter, f.batiment));

        assertEquals(Map.of(DeliveryStatus.SENDING, 1), list(Map.of()).countsByStatus(), "what was read");
        assertEquals(Map.of(DeliveryStatus.SENDING, 2), list(Map.of()).countsByStatus());
        assertEquals(2, f.deliveries.recounts(), "the raced recount was not stored as fresh");
        assertEquals(Map.of(DeliveryStatus.SENDING, 2), list(Map.of()).countsByStatus());
        assertEquals(2, f.deliveries.recounts());
        assertTrue(ids(list(Map.of())).contains(first));
    }
}
