package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Organism;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.SettableClock;
import fr.messagerie.common.Violation;
import fr.messagerie.consultations.ConsultationInput;
import fr.messagerie.consultations.InMemoryConsultationStore;
import fr.messagerie.consultations.Register;
import fr.messagerie.delivery.InMemoryDeliveryStore;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.InMemoryAttachmentStore;
import fr.messagerie.files.InMemoryFileStore;
import fr.messagerie.letters.DraftInput.ContactInput;
import fr.messagerie.letters.DraftInput.RecipientsInput;
import fr.messagerie.letters.DraftInput.ReplyOptionsInput;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drafts of letters over in-memory stores: created from their type's template, edited safely, never once sent. */
class DraftsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private final LettersKit kit = new LettersKit(clock, new InMemoryFileStore(clock));
    private final InMemoryConsultationStore consultationStore = kit.consultationStore;
    private final InMemoryAttachmentStore attachments = kit.attachments;
    private final InMemoryLetterStore letters = kit.letters;
    private final InMemoryDeliveryStore deliveries = kit.deliveries;

    private final Agent alice = new Agent("a1", "Alice Martin", "alice@lyon.fr", "lyon", "Direction des achats");
    private final Agent paul = new Agent("p1", "Paul Durand", "paul@paris.fr", "paris", null);

    DraftsTest() {
        kit.upsertConsultation.upsert("ADO-1", new ConsultationInput("lyon", "ADO-2026-001", "Travaux de voirie", null, null,
                null, null, Map.of(
                "WITHDRAWALS", List.of(new ContactInput("jean@btp.fr", "Jean Dupont", "BTP SA", null),
                        new ContactInput("marie@bureau.fr", "Marie Curie", null, null)),
                "QUESTIONS", List.of(new ContactInput("JEAN@BTP.FR", "J. Dupont", "BTP", null)))));
    }

    private static DraftInput ofType(String type) {
        return new DraftInput(type, null, null, null, null, null, null);
    }

    private static DraftInput change(Long version, String subject) {
        return new DraftInput(null, null, null, subject, null, null, version);
    }

    @Test
    void a_draft_is_prefilled_from_its_letter_type_template_with_the_consultation_reference() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));

        assertEquals("Réf. ADO-2026-001 - Courrier libre", draft.subject());
        assertEquals(LetterType.COURRIER_LIBRE.template().body(), draft.body());
        assertTrue(draft.body().contains("[Contenu du message à renseigner]"));
        assertEquals(SendMode.ACCESS_LINK, draft.sendMode());
        assertEquals(ReplyOptions.NONE, draft.replyOptions());
        assertEquals(LetterState.DRAFT, draft.state());
        assertEquals(List.of(), draft.recipients());
        assertEquals(alice, draft.author());
        assertEquals("lyon", draft.organismId());
        assertEquals(T0, draft.createdAt());
        assertEquals(T0, draft.updatedAt());
        assertNull(draft.sentAt());
        assertNull(draft.consultation(), "a draft freezes no consultation block");
        assertEquals(draft, letters.find(draft.id()).orElseThrow());
    }

    @Test
    void a_request_for_details_gets_the_template_reply_options_of_its_type() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("DEMANDE_COMPLEMENT"));
        assertEquals(ReplyOptions.ALLOWED, draft.replyOptions());
        assertEquals("Réf. ADO-2026-001 - Demande de complément relative à votre offre", draft.subject());
    }

    @Test
    void what_the_agent_gives_at_creation_replaces_the_template() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", new DraftInput("COURRIER_LIBRE", "SIMPLE", null,
                "  Visite du site  ", "<p>Rendez-vous lundi<script>alert(1)</script></p>",
                new RecipientsInput("zoe@sarl.fr", null, null), null));

        assertEquals(SendMode.SIMPLE, draft.sendMode());
        assertEquals("Visite du site", draft.subject());
        assertTrue(draft.body().contains("Rendez-vous lundi"));
        assertFalse(draft.body().contains("script"), draft.body());
        assertEquals(List.of(Recipient.typed("zoe@sarl.fr")), draft.recipients());
    }

    @Test
    void a_letter_type_is_required_and_must_be_one_of_the_nine() {
        ProblemException missing = assertThrows(ProblemException.class,
                () -> kit.createDraft.create(alice, "ADO-1", ofType(" ")));
        assertEquals(400, missing.status());
        assertEquals("letter-type-required", missing.code());
        assertEquals("Le type de courrier est obligatoire.", missing.violations().get(0).message());

        ProblemException unknown = assertThrows(ProblemException.class,
                () -> kit.createDraft.create(alice, "ADO-1", ofType("courrier_libre")));
        assertEquals("unknown-letter-type", unknown.code());
        assertTrue(unknown.violations().get(0).message().startsWith("Type de courrier inconnu : « courrier_libre ». "
                + "Types possibles : COURRIER_LIBRE (Courrier libre), INVITATION_A_CONCOURIR (Invitation à concourir)"),
                unknown.violations().get(0).message());
        assertEquals(0, letters.size());
    }

    @Test
    void no_draft_in_a_consultation_of_another_organism() {
        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.createDraft.create(paul, "ADO-1", ofType("COURRIER_LIBRE")));
        assertEquals(404, refusal.status());
        assertEquals("consultation-not-found", refusal.code());
        assertEquals(0, letters.size());
    }

    @Test
    void recipients_from_registers_contacts_and_a_pasted_list_are_merged_case_insensitively() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", new DraftInput("COURRIER_LIBRE", null, null, null, null,
                new RecipientsInput("Marie@Bureau.fr; nouveau@sarl.fr, <autre@sarl.fr>",
                        List.of("WITHDRAWALS", "QUESTIONS", "WITHDRAWALS"),
                        List.of(new ContactInput("nouveau@SARL.fr", "Nina Nouveau", "SARL", null))), null));

        assertEquals(List.of("jean@btp.fr", "marie@bureau.fr", "nouveau@SARL.fr", "autre@sarl.fr"),
                draft.recipients().stream().map(Recipient::email).toList());
        Recipient jean = draft.recipients().get(0);
        assertEquals("Jean Dupont", jean.name(), "the first mention wins");
        assertEquals(Register.WITHDRAWALS, jean.source());
        assertEquals(Register.FREE_RECIPIENTS, draft.recipients().get(2).source());
        assertEquals("Nina Nouveau", draft.recipients().get(2).name());
    }

    @Test
    void wrong_recipients_are_all_reported_and_nothing_is_written() {
        ProblemException refusal = assertThrows(ProblemException.class, () -> kit.createDraft.create(alice, "ADO-1",
                new DraftInput("COURRIER_LIBRE", null, null, null, null,
                        new RecipientsInput("ok@sarl.fr pas-une-adresse", List.of("RETRAITS"), null), null)));
        assertEquals(List.of("unknown-register", "invalid-recipient-address"),
                refusal.violations().stream().map(Violation::code).toList());
        assertEquals("Adresse électronique invalide : « pas-une-adresse ».", refusal.violations().get(1).message());
        assertEquals(0, letters.size());
    }

    @Test
    void a_change_applies_what_is_given_keeps_the_rest_and_moves_the_version() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        clock.advance(Duration.ofMinutes(5));

        Letter changed = kit.updateDraft.update(alice, draft.id(), change(draft.version(), "Nouvel objet"));

        assertEquals("Nouvel objet", changed.subject());
        assertEquals(draft.body(), changed.body());
        assertEquals(draft.version() + 1, changed.version());
        assertEquals(T0, changed.createdAt());
        assertEquals(T0.plus(Duration.ofMinutes(5)), changed.updatedAt());
        assertEquals(changed, letters.find(draft.id()).orElseThrow());
    }

    @Test
    void a_change_made_on_a_stale_version_is_refused_with_409_and_the_draft_is_untouched() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        Letter first = kit.updateDraft.update(alice, draft.id(), change(draft.version(), "Première version"));

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.updateDraft.update(alice, draft.id(), change(draft.version(), "Seconde version")));

        assertEquals(409, refusal.status());
        assertEquals("concurrent-modification", refusal.code());
        assertEquals("Le brouillon a été modifié entre-temps : rechargez-le avant de recommencer.",
                refusal.violations().get(0).message());
        assertEquals(first, letters.find(draft.id()).orElseThrow());
    }

    @Test
    void a_change_racing_with_another_is_refused_when_the_other_lands_first() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        letters.beforeNextWrite(() -> assertTrue(letters.replace(new Letter(draft.id(), draft.consultationId(),
                draft.organismId(), draft.type(), draft.sendMode(), draft.replyOptions(), "Par un collègue",
                draft.body(), draft.recipients(), draft.author(), LetterState.DRAFT, draft.createdAt(), T0, null,
                draft.version() + 1), draft.version())));

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.updateDraft.update(alice, draft.id(), change(null, "Par Alice")));

        assertEquals("concurrent-modification", refusal.code());
        assertEquals("Par un collègue", letters.find(draft.id()).orElseThrow().subject());
    }

    @Test
    void another_organism_letter_answers_exactly_like_a_missing_one() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        List<Runnable> attempts = List.of(
                () -> kit.showLetter.show(paul, draft.id()),
                () -> kit.updateDraft.update(paul, draft.id(), change(draft.version(), "Piraté")),
                () -> kit.deleteDraft.delete(paul, draft.id()));
        ProblemException missing = assertThrows(ProblemException.class, () -> kit.showLetter.show(paul, "no-such-letter"));
        assertEquals(404, missing.status());
        assertEquals("letter-not-found", missing.code());
        assertEquals("Courrier introuvable.", missing.violations().get(0).message());
        for (Runnable attempt : attempts) {
            ProblemException refusal = assertThrows(ProblemException.class, attempt::run);
            assertEquals(missing.status(), refusal.status());
            assertEquals(missing.violations(), refusal.violations());
        }
        assertEquals(draft, letters.find(draft.id()).orElseThrow());
    }

    @Test
    void a_sent_letter_can_be_neither_edited_nor_deleted() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        Letter sending = new Letter(draft.id(), draft.consultationId(), draft.organismId(), draft.type(),
                draft.sendMode(), draft.replyOptions(), draft.subject(), draft.body(),
                List.of(Recipient.typed("zoe@sarl.fr")), draft.author(), LetterState.SENDING, draft.createdAt(),
                draft.updatedAt(), T0, draft.version() + 1);
        assertTrue(letters.startSending(sending, draft.version(), null));
        letters.markSent(draft.id());

        for (Runnable attempt : List.<Runnable>of(
                () -> kit.updateDraft.update(alice, draft.id(), change(sending.version(), "Correction")),
                () -> kit.deleteDraft.delete(alice, draft.id()),
                () -> kit.editor.editable(alice, draft.id(), null))) {
            ProblemException refusal = assertThrows(ProblemException.class, attempt::run);
            assertEquals(409, refusal.status());
            assertEquals("letter-not-editable", refusal.code());
            assertEquals("Ce courrier a déjà été envoyé : il ne peut plus être modifié ni supprimé.",
                    refusal.violations().get(0).message());
        }
        Letter stored = letters.find(draft.id()).orElseThrow();
        assertEquals(LetterState.SENT, stored.state());
        assertEquals(draft.subject(), stored.subject());
    }

    @Test
    void a_draft_is_deleted_for_good() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        kit.deleteDraft.delete(alice, draft.id());
        assertTrue(letters.find(draft.id()).isEmpty());
        assertEquals("letter-not-found", assertThrows(ProblemException.class,
                () -> kit.showLetter.show(alice, draft.id())).code());
    }

    @Test
    void the_drafts_tab_lists_the_consultation_drafts_last_saved_first_and_no_letter_sent() {
        Letter first = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        clock.advance(Duration.ofMinutes(1));
        Letter second = kit.createDraft.create(alice, "ADO-1", ofType("DEMANDE_COMPLEMENT"));
        clock.advance(Duration.ofMinutes(1));
        kit.updateDraft.update(alice, first.id(), change(first.version(), "Relu"));
        Letter sent = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        assertTrue(letters.startSending(new Letter(sent.id(), sent.consultationId(), sent.organismId(), sent.type(),
                sent.sendMode(), sent.replyOptions(), sent.subject(), sent.body(),
                List.of(Recipient.typed("zoe@sarl.fr")), sent.author(), LetterState.SENDING, sent.createdAt(),
                sent.updatedAt(), clock.instant(), sent.version() + 1), sent.version(), null));

        assertEquals(List.of(first.id(), second.id()),
                kit.listDrafts.list(alice, "ADO-1").stream().map(Letter::id).toList());
        assertEquals("Relu", kit.listDrafts.list(alice, "ADO-1").get(0).subject());
        assertEquals("consultation-not-found", assertThrows(ProblemException.class,
                () -> kit.listDrafts.list(paul, "ADO-1")).code());
    }

    @Test
    void a_delete_racing_with_a_change_is_refused() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        letters.beforeNextWrite(() -> kit.updateDraft.update(alice, draft.id(), change(draft.version(), "Changé")));

        ProblemException refusal = assertThrows(ProblemException.class, () -> kit.deleteDraft.delete(alice, draft.id()));

        assertEquals("concurrent-modification", refusal.code());
        assertEquals("Changé", letters.find(draft.id()).orElseThrow().subject());
    }

    @Test
    void switching_to_a_simple_email_drops_the_reply_options() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("DEMANDE_COMPLEMENT"));
        Letter simple = kit.updateDraft.update(alice, draft.id(), new DraftInput(null, "SIMPLE", null, null, null, null,
                null));
        assertEquals(SendMode.SIMPLE, simple.sendMode());
        assertEquals(ReplyOptions.NONE, simple.replyOptions());
    }

    @Test
    void reply_options_come_with_the_access_link_only_and_a_deadline_in_the_future() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));

        ProblemException simple = assertThrows(ProblemException.class, () -> kit.updateDraft.update(alice, draft.id(),
                new DraftInput(null, "SIMPLE", new ReplyOptionsInput(true, null, false), null, null, null, null)));
        assertEquals("reply-options-require-access-link", simple.code());

        ProblemException past = assertThrows(ProblemException.class, () -> kit.updateDraft.update(alice, draft.id(),
                new DraftInput(null, null, new ReplyOptionsInput(true, "2026-11-20T10:00:00Z", false), null, null,
                        null, null)));
        assertEquals("reply-deadline-in-past", past.code());
        assertEquals("La date limite de réponse (20/11/2026 11:00) est déjà passée : choisissez une date à venir.",
                past.violations().get(0).message());

        ProblemException unreadable = assertThrows(ProblemException.class, () -> kit.updateDraft.update(alice, draft.id(),
                new DraftInput(null, null, new ReplyOptionsInput(true, "demain", false), null, null, null, null)));
        assertEquals("invalid-reply-deadline", unreadable.code());

        ProblemException sealedWithoutDeadline = assertThrows(ProblemException.class, () -> kit.updateDraft.update(alice,
                draft.id(), new DraftInput(null, null, new ReplyOptionsInput(true, null, true), null, null, null,
                        null)));
        assertEquals("sealed-reply-requires-deadline", sealedWithoutDeadline.code());
        assertEquals(draft, letters.find(draft.id()).orElseThrow(), "nothing written");

        Letter sealed = kit.updateDraft.update(alice, draft.id(), new DraftInput(null, null,
                new ReplyOptionsInput(true, "2026-12-01T17:00:00+01:00", true), null, null, null, null));
        assertEquals(new ReplyOptions(true, Instant.parse("2026-12-01T16:00:00Z"), true), sealed.replyOptions());
    }

    @Test
    void an_unknown_send_mode_is_refused_with_the_possible_values() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        ProblemException refusal = assertThrows(ProblemException.class, () -> kit.updateDraft.update(alice, draft.id(),
                new DraftInput(null, "RECOMMANDE", null, null, null, null, null)));
        assertEquals("invalid-send-mode", refusal.code());
        assertEquals("Modalité d'envoi inconnue : « RECOMMANDE ». Valeurs possibles : ACCESS_LINK (Courrier "
                + "électronique avec accusé de réception généré lors de l'accès au contenu du courrier), SIMPLE "
                + "(Courrier électronique simple sans accusé de réception).", refusal.violations().get(0).message());
    }

    @Test
    void subject_and_body_are_required_and_bounded() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        ProblemException blank = assertThrows(ProblemException.class, () -> kit.updateDraft.update(alice, draft.id(),
                new DraftInput(null, null, null, "  ", "<p> </p>", null, null)));
        assertEquals(List.of("subject-required", "body-required"),
                blank.violations().stream().map(Violation::code).toList());

        ProblemException longSubject = assertThrows(ProblemException.class, () -> kit.updateDraft.update(alice, draft.id(),
                change(null, "o".repeat(251))));
        assertEquals("subject-too-long", longSubject.code());

        ProblemException bigBody = assertThrows(ProblemException.class, () -> kit.updateDraft.update(alice, draft.id(),
                new DraftInput(null, null, null, null, "<p>" + "é".repeat(102_400) + "</p>", null, null)));
        assertEquals("body-too-large", bigBody.code());
        assertEquals(draft, letters.find(draft.id()).orElseThrow());
    }

    @Test
    void a_letter_too_large_for_its_record_is_refused_before_anything_is_written() {
        List<ContactInput> heavy = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            heavy.add(new ContactInput("c" + i + "@entreprise.fr", "N".repeat(200), "C".repeat(200), null));
        }
        ProblemException refusal = assertThrows(ProblemException.class, () -> kit.createDraft.create(alice, "ADO-1",
                new DraftInput("COURRIER_LIBRE", null, null, null, null, new RecipientsInput(null, null, heavy),
                        null)));
        assertEquals(400, refusal.status());
        assertEquals("letter-too-large", refusal.code());
        assertEquals(0, letters.size());
    }

    @Test
    void switching_to_a_simple_email_is_refused_when_the_files_joined_do_not_fit_in_it() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        AttachmentStore.Owner owner = AttachmentStore.Owner.letter(draft.id());
        attachments.save(owner, new AttachmentStore.StoredAttachment(new Attachment("f1", "plans.pdf",
                "application/pdf", 6 * AttachmentRules.MEGABYTE, "aa", "k1"), true, null, T0));
        attachments.save(owner, new AttachmentStore.StoredAttachment(new Attachment("f2", "outil.exe",
                "application/octet-stream", 10, "bb", "k2"), true, null, T0));

        ProblemException refusal = assertThrows(ProblemException.class, () -> kit.updateDraft.update(alice, draft.id(),
                new DraftInput(null, "SIMPLE", null, null, null, null, null)));

        assertEquals(List.of("attachments-too-large", "attachment-type-refused"),
                refusal.violations().stream().map(Violation::code).toList());
        assertEquals("Les pièces jointes (6 Mo) dépassent la limite de 5 Mo d'un courrier électronique simple : "
                + "retirez-en, ou choisissez l'envoi avec accusé de réception (60 Mo).",
                refusal.violations().get(0).message());
        assertEquals(SendMode.ACCESS_LINK, letters.find(draft.id()).orElseThrow().sendMode());
    }

    @Test
    void a_draft_is_read_with_its_ready_files_only_and_no_delivery() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", ofType("COURRIER_LIBRE"));
        AttachmentStore.Owner owner = AttachmentStore.Owner.letter(draft.id());
        Attachment ready = new Attachment("f1", "cahier.pdf", "application/pdf", 3, "aa", "k1");
        attachments.save(owner, new AttachmentStore.StoredAttachment(ready, true, null, T0));
        attachments.save(owner, new AttachmentStore.StoredAttachment(new Attachment("f2", "en-cours.pdf",
                "application/pdf", 3, null, "k2"), false, "bb", T0));

        LetterDetails details = kit.showLetter.show(alice, draft.id());

        assertEquals(draft, details.letter());
        assertEquals(List.of(ready), details.attachments());
        assertEquals(List.of(), details.deliveries());
        assertEquals(Map.of(), details.replies());
    }
}
