package fr.messagerie.files;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Organism;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.SettableClock;
import fr.messagerie.consultations.ConsultationInput;
import fr.messagerie.consultations.InMemoryConsultationStore;
import fr.messagerie.delivery.InMemoryDeliveryStore;
import fr.messagerie.delivery.InMemoryDispatchQueue;
import fr.messagerie.files.AttachmentStore.Owner;
import fr.messagerie.files.AttachmentStore.StoredAttachment;
import fr.messagerie.files.RequestUpload.UploadRequest;
import fr.messagerie.letters.DraftInput;
import fr.messagerie.letters.DraftInput.RecipientsInput;
import fr.messagerie.letters.InMemoryLetterStore;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LettersKit;
import fr.messagerie.letters.SendLetter;
import fr.messagerie.recipient.Reply;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files an agent joins to a draft, over in-memory stores and bucket: checked, counted, bounded. */
class LetterAttachmentsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final long MO = AttachmentRules.MEGABYTE;

    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryFileStore files = new InMemoryFileStore(clock);
    private final LettersKit kit = new LettersKit(clock, files);
    private final InMemoryConsultationStore consultationStore = kit.consultationStore;
    private final InMemoryAttachmentStore attachments = kit.attachments;
    private final fr.messagerie.letters.InMemoryLetterStore letters = kit.letters;
    private final InMemoryDeliveryStore deliveries = kit.deliveries;

    private final Agent alice = new Agent("a1", "Alice Martin", "alice@lyon.fr", "lyon", null);
    private final Agent paul = new Agent("p1", "Paul Durand", "paul@paris.fr", "paris", null);

    LetterAttachmentsTest() {
        kit.upsertConsultation.upsert("ADO-1", new ConsultationInput("lyon", "ADO-2026-001", "Travaux", null, null, null,
                null, null));
    }

    private Letter draft(String sendMode) {
        return kit.createDraft.create(alice, "ADO-1", new DraftInput("COURRIER_LIBRE", sendMode, null, null, null,
                new RecipientsInput("zoe@sarl.fr", null, null), null));
    }

    private static byte[] content(int size, int seed) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) seed);
        return bytes;
    }

    private static UploadRequest request(String name, byte[] content) {
        return new UploadRequest(name, "application/pdf", (long) content.length, InMemoryFileStore.sha256Hex(content));
    }

    /** A file already joined and counted, of {@code size} bytes. */
    private void joined(Letter letter, String id, String name, long size) {
        attachments.save(Owner.letter(letter.id()), new StoredAttachment(new Attachment(id, name, "application/pdf",
                size, "00", FileKeys.letterAttachment(letter.id(), id)), true, null, T0));
    }

    private StoredAttachment uploaded(Letter letter, String name, byte[] content) {
        RequestUpload.Upload upload = kit.requestUpload.request(alice, letter.id(), request(name, content));
        files.upload(upload.upload(), content);
        return upload.attachment();
    }

    @Test
    void a_file_is_uploaded_through_a_signed_put_and_counts_once_its_bytes_are_checked() {
        Letter draft = draft(null);
        byte[] pdf = content(1_000, 7);

        RequestUpload.Upload upload = kit.requestUpload.request(alice, draft.id(),
                request("Cahier des charges.pdf", pdf));

        StoredAttachment pending = upload.attachment();
        assertFalse(pending.ready());
        assertEquals(FileKeys.letterAttachment(draft.id(), pending.attachment().id()),
                pending.attachment().storageKey());
        assertEquals(InMemoryFileStore.sha256Hex(pdf), pending.declaredSha256());
        assertEquals("PUT", upload.upload().method());
        assertTrue(upload.upload().url().startsWith(InMemoryFileStore.URL_BASE + pending.attachment().storageKey()));
        assertEquals(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(InMemoryFileStore.sha256Hex(pdf))),
                upload.upload().headers().get("x-amz-checksum-sha256"), "the checksum is signed");
        assertEquals(T0.plus(Duration.ofMinutes(15)), upload.upload().expiresAt());
        assertEquals(List.of(), kit.showLetter.show(alice, draft.id()).attachments(), "a pending file does not count");

        files.upload(upload.upload(), pdf);
        StoredAttachment ready = kit.completeUpload.complete(alice, draft.id(), pending.attachment().id());

        assertTrue(ready.ready());
        assertEquals(1_000, ready.attachment().size());
        assertEquals(InMemoryFileStore.sha256Hex(pdf), ready.attachment().sha256(), "computed from the stored bytes");
        assertEquals(List.of(ready.attachment()), kit.showLetter.show(alice, draft.id()).attachments());
        assertEquals(ready, kit.completeUpload.complete(alice, draft.id(), pending.attachment().id()),
                "completing twice changes nothing");
        assertEquals(new InMemoryAttachmentStore.Usage(1, 1_000), attachments.usage(Owner.letter(draft.id())));
    }

    @Test
    void the_file_name_is_cleaned_and_a_missing_type_is_a_generic_one() {
        Letter draft = draft(null);
        byte[] bytes = content(10, 1);
        StoredAttachment pending = kit.requestUpload.request(alice, draft.id(), new UploadRequest(
                "C:\\Users\\alice\\..\\rapport\u0007 final.pdf", " ", 10L, InMemoryFileStore.sha256Hex(bytes)))
                .attachment();
        assertEquals("rapport final.pdf", pending.attachment().fileName());
        assertEquals("application/octet-stream", pending.attachment().contentType());
    }

    @Test
    void an_upload_request_needs_a_positive_size_a_sha256_and_a_readable_type_and_nothing_is_written_otherwise() {
        Letter draft = draft(null);
        String sha = InMemoryFileStore.sha256Hex(content(10, 1));
        Map<String, UploadRequest> wrong = Map.of(
                "invalid-file-size", new UploadRequest("a.pdf", "application/pdf", 0L, sha),
                "invalid-sha256", new UploadRequest("a.pdf", "application/pdf", 10L, "abc"),
                "invalid-content-type", new UploadRequest("a.pdf", "pdf", 10L, sha),
                "text-too-long", new UploadRequest("a".repeat(1_001), "application/pdf", 10L, sha));
        wrong.forEach((code, request) -> {
            ProblemException refusal = assertThrows(ProblemException.class,
                    () -> kit.requestUpload.request(alice, draft.id(), request), code);
            assertEquals(400, refusal.status());
            assertEquals(code, refusal.code());
        });
        assertEquals("La taille du fichier (en octets) est obligatoire et doit être positive.",
                assertThrows(ProblemException.class, () -> kit.requestUpload.request(alice, draft.id(),
                        new UploadRequest("a.pdf", null, null, sha))).violations().get(0).message());
        assertEquals(List.of(), attachments.list(Owner.letter(draft.id())));
        assertEquals(List.of(), files.keys());
    }

    @Test
    void a_simple_email_carries_5_mo_of_files_at_most() {
        Letter draft = draft("SIMPLE");
        joined(draft, "f1", "plans.pdf", 4 * MO);

        ProblemException refusal = assertThrows(ProblemException.class, () -> kit.requestUpload.request(alice,
                draft.id(), new UploadRequest("annexe.pdf", "application/pdf", MO + 1, "0".repeat(64))));

        assertEquals(400, refusal.status());
        assertEquals("attachments-too-large", refusal.code());
        assertEquals("La taille totale des pièces jointes est limitée à 5 Mo par courrier électronique simple "
                + "(déjà jointes : 4 Mo ; fichier ajouté : 1 Mo).", refusal.violations().get(0).message());
        assertEquals(1, attachments.list(Owner.letter(draft.id())).size(), "no pending file written");

        kit.requestUpload.request(alice, draft.id(), new UploadRequest("annexe.pdf", "application/pdf", MO,
                "0".repeat(64)));
    }

    @Test
    void a_letter_with_the_access_link_carries_60_mo_of_files_at_most() {
        Letter draft = draft(null);
        joined(draft, "f1", "plans.pdf", 59 * MO);

        ProblemException refusal = assertThrows(ProblemException.class, () -> kit.requestUpload.request(alice,
                draft.id(), new UploadRequest("annexe.pdf", "application/pdf", MO + 1, "0".repeat(64))));

        assertEquals("attachments-too-large", refusal.code());
        assertEquals("La taille totale des pièces jointes est limitée à 60 Mo par courrier avec accusé de réception "
                + "(déjà jointes : 59 Mo ; fichier ajouté : 1 Mo).", refusal.violations().get(0).message());
        kit.requestUpload.request(alice, draft.id(), new UploadRequest("annexe.pdf", "application/pdf", MO,
                "0".repeat(64)));
    }

    @Test
    void a_letter_carries_50_files_at_most() {
        Letter draft = draft(null);
        for (int i = 0; i < 50; i++) {
            joined(draft, "f" + i, "piece" + i + ".pdf", 10);
        }

        ProblemException refusal = assertThrows(ProblemException.class, () -> kit.requestUpload.request(alice,
                draft.id(), new UploadRequest("de-trop.pdf", "application/pdf", 10L, "0".repeat(64))));

        assertEquals("too-many-attachments", refusal.code());
        assertEquals("Le nombre de pièces jointes est limité à 50 par courrier avec accusé de réception.",
                refusal.violations().get(0).message());
        assertEquals(50, attachments.list(Owner.letter(draft.id())).size());
    }

    @Test
    void a_simple_email_refuses_the_file_types_an_email_cannot_carry() {
        Letter draft = draft("SIMPLE");
        ProblemException refusal = assertThrows(ProblemException.class, () -> kit.requestUpload.request(alice,
                draft.id(), new UploadRequest("installeur.EXE", "application/octet-stream", 10L, "0".repeat(64))));
        assertEquals("attachment-type-refused", refusal.code());
        assertEquals("Le type de fichier « .exe » (installeur.EXE) ne peut pas être envoyé en pièce jointe d'un "
                + "courrier électronique simple : choisissez l'envoi avec accusé de réception, ou joignez-le dans "
                + "une archive .zip.", refusal.violations().get(0).message());

        Letter withLink = draft(null);
        kit.requestUpload.request(alice, withLink.id(), new UploadRequest("installeur.exe",
                "application/octet-stream", 10L, "0".repeat(64)));
    }

    @Test
    void confirming_a_file_never_received_is_refused() {
        Letter draft = draft(null);
        StoredAttachment pending = kit.requestUpload.request(alice, draft.id(),
                request("a.pdf", content(10, 1))).attachment();

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.completeUpload.complete(alice, draft.id(), pending.attachment().id()));

        assertEquals(409, refusal.status());
        assertEquals("upload-not-received", refusal.code());
        assertEquals("Le fichier « a.pdf » n'a pas été reçu : téléversez-le avant de confirmer l'ajout.",
                refusal.violations().get(0).message());
        assertFalse(attachments.find(Owner.letter(draft.id()), pending.attachment().id()).orElseThrow().ready());
    }

    @Test
    void a_file_other_than_the_one_announced_is_discarded() {
        Letter draft = draft(null);
        StoredAttachment pending = kit.requestUpload.request(alice, draft.id(),
                request("a.pdf", content(10, 1))).attachment();
        files.put(pending.attachment().storageKey(), content(10, 2), "application/pdf");

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.completeUpload.complete(alice, draft.id(), pending.attachment().id()));

        assertEquals(400, refusal.status());
        assertEquals("upload-mismatch", refusal.code());
        assertEquals("Le fichier reçu ne correspond pas à celui annoncé (taille ou empreinte SHA-256 différente) : "
                + "il a été écarté, recommencez l'ajout.", refusal.violations().get(0).message());
        assertFalse(files.exists(pending.attachment().storageKey()));
        assertTrue(attachments.list(Owner.letter(draft.id())).isEmpty());
    }

    @Test
    void a_file_whose_type_the_new_send_mode_refuses_is_discarded_at_completion() {
        Letter draft = draft(null);
        byte[] bytes = content(10, 1);
        StoredAttachment pending = uploaded(draft, "macro.vbs", bytes);
        kit.updateDraft.update(alice, draft.id(), new DraftInput(null, "SIMPLE", null, null, null, null, null));

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.completeUpload.complete(alice, draft.id(), pending.attachment().id()));

        assertEquals("attachment-type-refused", refusal.code());
        assertFalse(files.exists(pending.attachment().storageKey()));
        assertTrue(attachments.list(Owner.letter(draft.id())).isEmpty());
    }

    @Test
    void two_files_completed_together_cannot_pass_the_limit() {
        Letter draft = draft(null);
        for (int i = 0; i < 49; i++) {
            joined(draft, "f" + i, "piece" + i + ".pdf", 10);
        }
        StoredAttachment first = uploaded(draft, "a.pdf", content(10, 1));
        StoredAttachment second = uploaded(draft, "b.pdf", content(10, 2));
        attachments.beforeNextMarkReady(() -> kit.completeUpload.complete(alice, draft.id(),
                first.attachment().id()));

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.completeUpload.complete(alice, draft.id(), second.attachment().id()));

        assertEquals(400, refusal.status());
        assertEquals("too-many-attachments", refusal.code());
        assertEquals(50, kit.showLetter.show(alice, draft.id()).attachments().size());
        assertTrue(attachments.find(Owner.letter(draft.id()), first.attachment().id()).orElseThrow().ready());
        assertTrue(attachments.find(Owner.letter(draft.id()), second.attachment().id()).isEmpty());
        assertFalse(files.exists(second.attachment().storageKey()));
        assertTrue(files.exists(first.attachment().storageKey()));
        assertEquals(new InMemoryAttachmentStore.Usage(50, 500), attachments.usage(Owner.letter(draft.id())));
    }

    @Test
    void a_file_is_removed_with_its_bytes_and_gives_its_room_back() {
        Letter draft = draft("SIMPLE");
        StoredAttachment file = uploaded(draft, "a.pdf", content(10, 1));
        kit.completeUpload.complete(alice, draft.id(), file.attachment().id());

        kit.removeAttachment.remove(alice, draft.id(), file.attachment().id());

        assertEquals(List.of(), kit.listAttachments.list(alice, draft.id()));
        assertFalse(files.exists(file.attachment().storageKey()));
        assertEquals(new InMemoryAttachmentStore.Usage(0, 0), attachments.usage(Owner.letter(draft.id())));
        assertEquals("attachment-not-found", assertThrows(ProblemException.class,
                () -> kit.removeAttachment.remove(alice, draft.id(), file.attachment().id())).code());
    }

    @Test
    void a_ready_file_is_downloaded_through_a_short_lived_link_under_its_name() {
        Letter draft = draft(null);
        StoredAttachment file = uploaded(draft, "Règlement de consultation.pdf", content(10, 1));
        ProblemException early = assertThrows(ProblemException.class,
                () -> kit.downloadAttachment.url(alice, draft.id(), file.attachment().id()));
        assertEquals(409, early.status());
        assertEquals("upload-not-received", early.code());
        assertEquals("Cette pièce jointe n'a pas encore été reçue.", early.violations().get(0).message());
        kit.completeUpload.complete(alice, draft.id(), file.attachment().id());

        String url = kit.downloadAttachment.url(alice, draft.id(), file.attachment().id());

        assertTrue(url.startsWith(InMemoryFileStore.URL_BASE + file.attachment().storageKey() + "?"), url);
        assertTrue(url.contains("filename=" + URLEncoder.encode("Règlement de consultation.pdf",
                StandardCharsets.UTF_8)), url);
        assertTrue(url.contains("validity=300"), "five minutes: " + url);
    }

    @Test
    void another_organism_draft_and_its_files_answer_as_a_missing_letter() {
        Letter draft = draft(null);
        StoredAttachment file = uploaded(draft, "a.pdf", content(10, 1));
        kit.completeUpload.complete(alice, draft.id(), file.attachment().id());
        String id = file.attachment().id();
        ProblemException missing = assertThrows(ProblemException.class,
                () -> kit.listAttachments.list(paul, "no-such-letter"));
        for (Runnable attempt : List.<Runnable>of(
                () -> kit.requestUpload.request(paul, draft.id(), request("b.pdf", content(10, 1))),
                () -> kit.completeUpload.complete(paul, draft.id(), id),
                () -> kit.listAttachments.list(paul, draft.id()),
                () -> kit.removeAttachment.remove(paul, draft.id(), id),
                () -> kit.downloadAttachment.url(paul, draft.id(), id))) {
            ProblemException refusal = assertThrows(ProblemException.class, attempt::run);
            assertEquals(404, refusal.status());
            assertEquals("letter-not-found", refusal.code());
            assertEquals(missing.violations(), refusal.violations());
        }
        assertTrue(files.exists(file.attachment().storageKey()));
        assertEquals(1, attachments.list(Owner.letter(draft.id())).size());
    }

    @Test
    void the_files_of_a_sent_letter_can_no_longer_change() {
        Letter draft = draft(null);
        StoredAttachment file = uploaded(draft, "a.pdf", content(10, 1));
        kit.completeUpload.complete(alice, draft.id(), file.attachment().id());
        kit.sendLetter.send(alice, draft.id(), null);

        for (Runnable attempt : List.<Runnable>of(
                () -> kit.requestUpload.request(alice, draft.id(), request("b.pdf", content(10, 1))),
                () -> kit.removeAttachment.remove(alice, draft.id(), file.attachment().id()))) {
            ProblemException refusal = assertThrows(ProblemException.class, attempt::run);
            assertEquals(409, refusal.status());
            assertEquals("letter-not-editable", refusal.code());
        }
        assertTrue(files.exists(file.attachment().storageKey()));
        assertTrue(kit.downloadAttachment.url(alice, draft.id(), file.attachment().id())
                .contains(file.attachment().storageKey()), "still downloadable");
    }

    @Test
    void a_file_of_the_document_space_is_copied_into_the_letter_and_counts_at_once() {
        Letter draft = draft(null);
        String key = FileKeys.consultationDocuments("lyon", "ADO-1") + "DCE/CCTP v2.pdf";
        byte[] cctp = content(2_000, 3);
        files.put(key, cctp, "application/pdf");

        StoredAttachment joined = kit.joinDocument.join(alice, draft.id(), key);

        assertTrue(joined.ready());
        assertEquals("CCTP v2.pdf", joined.attachment().fileName());
        assertEquals("application/pdf", joined.attachment().contentType());
        assertEquals(2_000, joined.attachment().size());
        assertEquals(InMemoryFileStore.sha256Hex(cctp), joined.attachment().sha256());
        assertEquals(FileKeys.letterAttachment(draft.id(), joined.attachment().id()),
                joined.attachment().storageKey());
        assertTrue(Arrays.equals(cctp, files.content(joined.attachment().storageKey()).orElseThrow()));
        assertTrue(files.exists(key), "the document space keeps its file");
        assertEquals(List.of(joined.attachment()), kit.showLetter.show(alice, draft.id()).attachments());
    }

    @Test
    void only_files_of_the_consultation_document_space_can_be_joined() {
        Letter draft = draft(null);
        String space = FileKeys.consultationDocuments("lyon", "ADO-1");
        files.put(FileKeys.consultationDocuments("lyon", "ADO-2") + "autre.pdf", content(10, 1), "application/pdf");
        files.put(FileKeys.consultationDocuments("paris", "ADO-1") + "paris.pdf", content(10, 1), "application/pdf");
        for (String key : new String[] {FileKeys.consultationDocuments("lyon", "ADO-2") + "autre.pdf",
                FileKeys.consultationDocuments("paris", "ADO-1") + "paris.pdf", space, space + "DCE/",
                space + "../../ADO-2/documents/autre.pdf", FileKeys.letterAttachment("x", "y")}) {
            ProblemException refusal = assertThrows(ProblemException.class,
                    () -> kit.joinDocument.join(alice, draft.id(), key), key);
            assertEquals(400, refusal.status());
            assertEquals("invalid-document", refusal.code());
            assertEquals("Ce document n'appartient pas à l'espace documentaire de la consultation.",
                    refusal.violations().get(0).message());
        }
        ProblemException missing = assertThrows(ProblemException.class,
                () -> kit.joinDocument.join(alice, draft.id(), space + "absent.pdf"));
        assertEquals(404, missing.status());
        assertEquals("document-not-found", missing.code());
        assertEquals("Document introuvable dans l'espace documentaire de la consultation.",
                missing.violations().get(0).message());
        assertEquals(List.of(), attachments.list(Owner.letter(draft.id())));
    }

    @Test
    void a_document_too_large_for_the_letter_is_not_joined() {
        Letter draft = draft("SIMPLE");
        joined(draft, "f1", "plans.pdf", 5 * MO - 10);
        String key = FileKeys.consultationDocuments("lyon", "ADO-1") + "annexe.pdf";
        files.put(key, content(11, 1), "application/pdf");

        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.joinDocument.join(alice, draft.id(), key));

        assertEquals("attachments-too-large", refusal.code());
        assertEquals(1, attachments.list(Owner.letter(draft.id())).size());
        assertEquals(List.of(key), files.keys(), "nothing copied");
    }

    @Test
    void the_document_space_lists_the_consultation_files_without_folders() {
        String space = FileKeys.consultationDocuments("lyon", "ADO-1");
        files.put(space + "DCE/", new byte[0], "application/x-directory");
        files.put(space + "DCE/RC.pdf", content(5, 1), "application/pdf");
        files.put(space + "AAPC.pdf", content(7, 1), "application/pdf");
        files.put(FileKeys.consultationDocuments("lyon", "ADO-10") + "autre.pdf", content(9, 1), "application/pdf");

        assertEquals(List.of(new FileStore.ListedFile(space + "AAPC.pdf", 7),
                new FileStore.ListedFile(space + "DCE/RC.pdf", 5)), kit.listDocuments.list(alice, "ADO-1"));
        assertEquals("consultation-not-found", assertThrows(ProblemException.class,
                () -> kit.listDocuments.list(paul, "ADO-1")).code());
    }

    @Test
    void a_sealed_reply_file_stays_closed_to_agents_until_the_deadline() {
        Letter draft = kit.createDraft.create(alice, "ADO-1", new DraftInput("DEMANDE_COMPLEMENT", null,
                new DraftInput.ReplyOptionsInput(true, "2026-11-21T10:00:00Z", true), null, null,
                new RecipientsInput("zoe@sarl.fr", null, null), null));
        kit.sendLetter.send(alice, draft.id(), null);
        String deliveryId = deliveries.ofLetter(draft.id()).get(0).delivery().id();
        Attachment offer = new Attachment("r1", "offre.pdf", "application/pdf", 10, "aa",
                FileKeys.replyFile(deliveryId, "r1", "1"));
        assertTrue(deliveries.saveReply(new Reply(deliveryId, "<p>Notre offre</p>", List.of(offer),
                T0.plus(Duration.ofHours(1)))));

        ProblemException sealed = assertThrows(ProblemException.class,
                () -> kit.downloadReplyFile.url(alice, deliveryId, "r1"));
        assertEquals(403, sealed.status());
        assertEquals("reply-sealed", sealed.code());
        assertEquals("Le contenu de la réponse sera accessible après le 21/11/2026 - 11:00.",
                sealed.violations().get(0).message());
        assertEquals("delivery-not-found", assertThrows(ProblemException.class,
                () -> kit.downloadReplyFile.url(paul, deliveryId, "r1")).code());

        clock.advance(Duration.ofDays(1));
        assertTrue(kit.downloadReplyFile.url(alice, deliveryId, "r1")
                .startsWith(InMemoryFileStore.URL_BASE + offer.storageKey() + "?"));
        assertEquals("attachment-not-found", assertThrows(ProblemException.class,
                () -> kit.downloadReplyFile.url(alice, deliveryId, "r2")).code());
    }

    @Test
    void a_delivery_without_reply_has_no_reply_file() {
        Letter draft = draft(null);
        kit.sendLetter.send(alice, draft.id(), null);
        String deliveryId = deliveries.ofLetter(draft.id()).get(0).delivery().id();
        ProblemException refusal = assertThrows(ProblemException.class,
                () -> kit.downloadReplyFile.url(alice, deliveryId, "r1"));
        assertEquals(404, refusal.status());
        assertEquals("attachment-not-found", refusal.code());
        assertNull(deliveries.reply(deliveryId).orElse(null));
    }
}
