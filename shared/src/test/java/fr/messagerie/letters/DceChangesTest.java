package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Organism;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.consultations.ConsultationInput;
import fr.messagerie.consultations.InMemoryConsultationStore;
import fr.messagerie.consultations.Register;
import fr.messagerie.delivery.InMemoryDeliveryStore;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.FileKeys;
import fr.messagerie.files.FileStore;
import fr.messagerie.files.InMemoryAttachmentStore;
import fr.messagerie.files.InMemoryFileStore;
import fr.messagerie.letters.DceChanges.Piece;
import fr.messagerie.letters.DraftInput.ContactInput;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notice of a DCE change: a draft to the withdrawals register with the changed pieces, all or nothing. */
class DceChangesTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String SPACE = FileKeys.consultationDocuments("lyon", "ADO-1");

    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final InMemoryFileStore bucket = new InMemoryFileStore(clock);
    /** Keys the platform removes from the bucket just before they are read for joining. */
    private final List<String> vanishing = new ArrayList<>();
    private final FileStore files = (FileStore) Proxy.newProxyInstance(FileStore.class.getClassLoader(),
            new Class<?>[] {FileStore.class}, (proxy, method, args) -> {
                if (method.getName().equals("inspect") && vanishing.remove((String) args[0])) {
                    bucket.delete((String) args[0]);
                }
                try {
                    return method.invoke(bucket, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    private final LettersKit kit = new LettersKit(clock, files);
    private final InMemoryConsultationStore consultationStore = kit.consultationStore;
    private final InMemoryAttachmentStore attachments = kit.attachments;
    private final InMemoryLetterStore letters = kit.letters;
    private final DceChanges dceChanges = kit.dceChanges;

    private final Agent alice = new Agent("a1", "Alice Martin", "alice@lyon.fr", "lyon", null);
    private final Agent paul = new Agent("p1", "Paul Durand", "paul@paris.fr", "paris", null);

    DceChangesTest() {
        kit.upsertConsultation.upsert("ADO-1", new ConsultationInput("lyon", "ADO-2026-001", "Travaux de voirie", null, null,
                null, null, Map.of(
                "WITHDRAWALS", List.of(new ContactInput("jean@btp.fr", "Jean Dupont", "BTP SA", null),
                        new ContactInput("marie@bureau.fr", "Marie Curie", null, null)),
                "DEPOSITS", List.of(new ContactInput("depot@sarl.fr", null, null, null)))));
        bucket.put(SPACE + "DCE/CCTP v2.pdf", bytes("cctp v2"), "application/pdf");
        bucket.put(SPACE + "DCE/Plan masse.dwg", bytes("plan"), "application/acad");
        bucket.put(FileKeys.consultationDocuments("paris", "ADO-1") + "DCE/RC.pdf", bytes("rc"), "application/pdf");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static DceChanges.Input pieces(Piece... pieces) {
        return new DceChanges.Input(Arrays.asList(pieces));
    }

    private void assertNothingWritten() {
        assertEquals(0, letters.size(), "no draft");
        assertEquals(List.of(FileKeys.consultationDocuments("lyon", "ADO-1") + "DCE/CCTP v2.pdf",
                FileKeys.consultationDocuments("lyon", "ADO-1") + "DCE/Plan masse.dwg",
                FileKeys.consultationDocuments("paris", "ADO-1") + "DCE/RC.pdf").stream().sorted().toList(),
                bucket.keys().stream().filter(k -> !k.startsWith("letters/")).toList());
        assertTrue(bucket.keys().stream().noneMatch(k -> k.startsWith("letters/")), "no file copied");
    }

    @Test
    void a_notice_of_modification_to_the_withdrawals_register_is_prepared_with_the_changed_pieces() {
        DceChanges.Prepared prepared = dceChanges.prepare(alice, "ADO-1", pieces(
                new Piece(SPACE + "DCE/CCTP v2.pdf", "REPLACED"), new Piece(SPACE + "DCE/Plan masse.dwg", "ADDED")));

        Letter draft = prepared.draft();
        assertEquals(LetterType.MODIFICATION, draft.type());
        assertEquals(LetterState.DRAFT, draft.state());
        assertEquals("Réf. ADO-2026-001 - Information de modification de la consultation", draft.subject());
        assertEquals(LetterType.MODIFICATION.template().body(), draft.body());
        assertEquals(SendMode.ACCESS_LINK, draft.sendMode());
        assertEquals(List.of("jean@btp.fr", "marie@bureau.fr"),
                draft.recipients().stream().map(Recipient::email).toList());
        assertTrue(draft.recipients().stream().allMatch(r -> r.source() == Register.WITHDRAWALS));

        assertEquals(List.of("CCTP v2.pdf", "Plan masse.dwg"),
                prepared.pieces().stream().map(p -> p.attachment().fileName()).toList());
        assertTrue(prepared.pieces().stream().allMatch(AttachmentStore.StoredAttachment::ready));
        assertEquals(InMemoryFileStore.sha256Hex(bytes("cctp v2")), prepared.pieces().get(0).attachment().sha256());
        assertEquals("application/acad", prepared.pieces().get(1).attachment().contentType());
        // Copied in the same instant (fixed clock), the pieces are listed in the order of their ids.
        assertEquals(Set.copyOf(prepared.pieces().stream().map(AttachmentStore.StoredAttachment::attachment).toList()),
                Set.copyOf(kit.showLetter.show(alice, draft.id()).attachments()), "joined to the draft");
        for (AttachmentStore.StoredAttachment piece : prepared.pieces()) {
            assertTrue(piece.attachment().storageKey().startsWith("letters/" + draft.id() + "/attachments/"));
            assertTrue(bucket.exists(piece.attachment().storageKey()));
        }
        assertTrue(bucket.exists(SPACE + "DCE/CCTP v2.pdf"), "the document space keeps its pieces");
    }

    @Test
    void at_least_one_piece_is_needed() {
        for (DceChanges.Input input : List.of(new DceChanges.Input(null), new DceChanges.Input(List.of()))) {
            ProblemException refusal = assertThrows(ProblemException.class,
                    () -> dceChanges.prepare(alice, "ADO-1", input));
            assertEquals(400, refusal.status());
            assertEquals("dce-pieces-required", refusal.code());
            assertEquals("Indiquez au moins une pièce ajoutée ou remplacée du DCE.",
                    refusal.violations().get(0).message());
        }
        assertNothingWritten();
    }

    @Test
    void a_notice_joins_50_pieces_at_most() {
        List<Piece> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(new Piece(SPACE + "DCE/piece" + i + ".pdf", "ADDED"));
        }
        ProblemException refusal = assertThrows(ProblemException.class,
                () -> dceChanges.prepare(alice, "ADO-1", new DceChanges.Input(many)));
        assertEquals("too-many-dce-pieces", refusal.code());
        assertEquals("Un avis de modification joint au plus 50 pièces (51 indiquées).",
                refusal.violations().get(0).message());
        assertNothingWritten();
    }

    @Test
    void every_wrong_piece_is_reported_at_once_and_nothing_is_written() {
        ProblemException refusal = assertThrows(ProblemException.class, () -> dceChanges.prepare(alice, "ADO-1",
                pieces(new Piece(SPACE + "DCE/CCTP v2.pdf", "ADDED"),
                        null,
                        new Piece(SPACE + "DCE/Plan masse.dwg", "DELETED"),
                        new Piece(FileKeys.consultationDocuments("paris", "ADO-1") + "DCE/RC.pdf", "ADDED"),
                        new Piece(SPACE + "DCE/CCTP v2.pdf", "REPLACED"))));

        assertEquals(400, refusal.status());
        assertEquals(List.of("invalid-document", "invalid-dce-change", "invalid-document", "duplicate-dce-piece"),
                refusal.violations().stream().map(Violation::code).toList());
        assertEquals(List.of("pieces[1].documentKey", "pieces[2].change", "pieces[3].documentKey",
                        "pieces[4].documentKey"),
                refusal.violations().stream().map(Violation::field).toList());
        assertEquals("La pièce n°2 n'indique pas son document.", refusal.violations().get(0).message());
        assertEquals("Modification inconnue pour la pièce n°3 : « DELETED ». Valeurs possibles : ADDED (nouvelle "
                + "pièce), REPLACED (pièce remplacée).", refusal.violations().get(1).message());
        assertEquals("Ce document n'appartient pas à l'espace documentaire de la consultation.",
                refusal.violations().get(2).message());
        assertEquals("La pièce n°5 est déjà indiquée.", refusal.violations().get(3).message());
        assertNothingWritten();
    }

    @Test
    void a_piece_missing_from_the_document_space_is_not_found_unless_the_request_is_wrong_anyway() {
        ProblemException missing = assertThrows(ProblemException.class, () -> dceChanges.prepare(alice, "ADO-1",
                pieces(new Piece(SPACE + "DCE/CCTP v2.pdf", "ADDED"), new Piece(SPACE + "DCE/absent.pdf", "ADDED"))));
        assertEquals(404, missing.status());
        assertEquals("document-not-found", missing.code());
        assertEquals("Document introuvable dans l'espace documentaire de la consultation.",
                missing.violations().get(0).message());

        ProblemException wrong = assertThrows(ProblemException.class, () -> dceChanges.prepare(alice, "ADO-1",
                pieces(new Piece(SPACE + "DCE/absent.pdf", "ADDED"), new Piece(SPACE + "DCE/CCTP v2.pdf", "?"))));
        assertEquals(400, wrong.status());
        assertEquals("invalid-dce-change", wrong.code());
        assertNothingWritten();
    }

    @Test
    void another_organism_consultation_is_not_found_whatever_the_body() {
        ProblemException refusal = assertThrows(ProblemException.class,
                () -> dceChanges.prepare(paul, "ADO-2", new DceChanges.Input(null)));
        assertEquals(404, refusal.status());
        assertEquals("consultation-not-found", refusal.code());

        ProblemException lyons = assertThrows(ProblemException.class, () -> dceChanges.prepare(paul, "ADO-1",
                pieces(new Piece(SPACE + "DCE/CCTP v2.pdf", "ADDED"))));
        assertEquals(404, lyons.status(), "paris' own ADO-1 was never pushed");
        assertEquals("consultation-not-found", lyons.code());
        assertNothingWritten();
    }

    @Test
    void a_piece_that_cannot_be_joined_after_the_checks_removes_the_draft_and_the_pieces_already_joined() {
        vanishing.add(SPACE + "DCE/Plan masse.dwg");

        ProblemException refusal = assertThrows(ProblemException.class, () -> dceChanges.prepare(alice, "ADO-1",
                pieces(new Piece(SPACE + "DCE/CCTP v2.pdf", "REPLACED"),
                        new Piece(SPACE + "DCE/Plan masse.dwg", "ADDED"))));

        assertEquals(404, refusal.status());
        assertEquals("document-not-found", refusal.code());
        assertEquals(0, letters.size(), "all the pieces or no notice");
        assertEquals(List.of(SPACE + "DCE/CCTP v2.pdf"), bucket.keys().stream()
                .filter(k -> !k.startsWith("consultations/paris/")).toList(), "the copy of the first piece removed");
    }
}
