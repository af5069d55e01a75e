package fr.messagerie.files;

import fr.messagerie.common.Violation;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import fr.messagerie.recipient.ReplySealing;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttachmentRulesTest {
    private static final long MB = AttachmentRules.MEGABYTE;

    private static Attachment file(long size) {
        return new Attachment("id" + size, "f.pdf", "application/pdf", size, "0".repeat(64), "k");
    }

    private static Attachment named(String fileName) {
        return new Attachment(fileName, fileName, "application/octet-stream", 1, "0".repeat(64), "k");
    }

    @Test
    void limits_follow_the_send_mode_as_the_seeds_say() {
        assertEquals(5 * MB, AttachmentRules.limit(SendMode.SIMPLE));
        assertEquals(60 * MB, AttachmentRules.limit(SendMode.ACCESS_LINK));
        assertEquals(60 * MB, AttachmentRules.REPLY_LIMIT);
    }

    @Test
    void a_file_fits_up_to_the_limit_and_the_refusal_states_limit_and_total() {
        List<Attachment> current = List.of(file(3 * MB));
        assertTrue(AttachmentRules.check(5 * MB, current, 2 * MB, true, "courrier").isEmpty());
        Violation refusal = AttachmentRules.check(5 * MB, current, 2 * MB + 1, true, "courrier électronique simple")
                .orElseThrow();
        assertEquals("attachments-too-large", refusal.code());
        assertEquals("La taille totale des pièces jointes est limitée à 5 Mo par courrier électronique simple "
                + "(déjà jointes : 3 Mo ; fichier ajouté : 2 Mo).", refusal.message());
    }

    @Test
    void at_most_fifty_files() {
        List<Attachment> fifty = Collections.nCopies(50, file(1));
        assertEquals(Optional.of("too-many-attachments"),
                AttachmentRules.check(60 * MB, fifty, 1, true, "réponse").map(Violation::code));
    }

    @Test
    void a_mode_switch_is_checked_against_the_files_already_there() {
        assertEquals("attachments-too-large",
                AttachmentRules.checkTotal(SendMode.SIMPLE, List.of(file(6 * MB))).orElseThrow().code());
        assertTrue(AttachmentRules.checkTotal(SendMode.ACCESS_LINK, List.of(file(6 * MB))).isEmpty());
    }

    @Test
    void a_simple_email_refuses_the_types_ses_refuses_and_names_the_type() {
        Violation refusal = AttachmentRules.checkType(SendMode.SIMPLE, "programme.exe").orElseThrow();
        assertEquals("attachment-type-refused", refusal.code());
        assertEquals("Le type de fichier « .exe » (programme.exe) ne peut pas être envoyé en pièce jointe d'un "
                + "courrier électronique simple : choisissez l'envoi avec accusé de réception, ou joignez-le dans une "
                + "archive .zip.", refusal.message());
        for (String name : List.of("script.js", "cle.cer", "base.mdb", "raccourci.lnk", "lien.url", "outil.ps1",
                "installeur.msi", "macro.vsmacros", "x.xnk")) {
            assertTrue(AttachmentRules.checkType(SendMode.SIMPLE, name).isPresent(), name);
        }
        assertEquals(90, AttachmentRules.REFUSED_IN_EMAIL.size(), "the list of the SES developer guide");
    }

    @Test
    void with_the_access_link_every_type_is_allowed() {
        assertTrue(AttachmentRules.checkType(SendMode.ACCESS_LINK, "programme.exe").isEmpty());
        assertTrue(AttachmentRules.checkTypes(SendMode.ACCESS_LINK, List.of(named("programme.exe"))).isEmpty());
    }

    @Test
    void only_the_last_extension_counts_whatever_its_case() {
        assertEquals(Optional.of(".exe"), AttachmentRules.refusedInEmail("facture.pdf.exe"));
        assertEquals(Optional.of(".exe"), AttachmentRules.refusedInEmail("FACTURE.PDF.EXE"));
        assertEquals(Optional.of(".bat"), AttachmentRules.refusedInEmail("Lancer.Bat"));
        assertEquals(Optional.of(".exe"), AttachmentRules.refusedInEmail("programme.exe. . "), "Windows drops them");
        assertEquals(Optional.empty(), AttachmentRules.refusedInEmail("notice.exe.pdf"));
        assertEquals(Optional.empty(), AttachmentRules.refusedInEmail("exe"));
        assertEquals(Optional.empty(), AttachmentRules.refusedInEmail("rapport.json"), "not .js");
        assertEquals(Optional.empty(), AttachmentRules.refusedInEmail(null));
        String upper = AttachmentRules.checkType(SendMode.SIMPLE, "FACTURE.PDF.EXE").orElseThrow().message();
        assertTrue(upper.startsWith("Le type de fichier « .exe » (FACTURE.PDF.EXE)"), upper);
    }

    @Test
    void archives_and_office_documents_are_accepted_in_a_simple_email() {
        for (String name : List.of("dossier.zip", "dossier.7z", "dossier.rar", "dossier.tar.gz", "offre.pdf",
                "Bordereau des prix Modele.xls", "memoire.docx", "plan.dwg", "signature.p7s", "photo.JPG")) {
            assertTrue(AttachmentRules.checkType(SendMode.SIMPLE, name).isEmpty(), name);
        }
    }

    @Test
    void files_already_attached_are_checked_one_by_one_when_switching_to_a_simple_email() {
        List<Violation> refusals = AttachmentRules.checkTypes(SendMode.SIMPLE,
                List.of(named("offre.pdf"), named("setup.EXE"), named("lancer.cmd")));
        assertEquals(List.of("attachment-type-refused", "attachment-type-refused"),
                refusals.stream().map(Violation::code).toList());
        assertEquals("Le type de fichier « .exe » (setup.EXE) ne peut pas être envoyé en pièce jointe d'un "
                + "courrier électronique simple : retirez-le ou joignez-le dans une archive .zip, ou choisissez "
                + "l'envoi avec accusé de réception.", refusals.get(0).message());
        assertTrue(refusals.get(1).message().contains("« .cmd » (lancer.cmd)"));
    }

    @Test
    void file_names_lose_paths_and_control_characters_but_keep_their_extension() {
        assertEquals("passwd", AttachmentRules.cleanFileName("../../etc/passwd"));
        assertEquals("Compléments rev2.0.pdf", AttachmentRules.cleanFileName("C:\\Users\\x\\Compléments\t rev2.0.pdf"));
        assertEquals("rapport.pdf", AttachmentRules.cleanFileName("rapport\u0000\u202e.pdf"));
        assertEquals("fichier", AttachmentRules.cleanFileName("  "));
        assertEquals("fichier", AttachmentRules.cleanFileName(".."));
        String longName = AttachmentRules.cleanFileName("a".repeat(500) + ".xlsx");
        assertEquals(180, longName.length());
        assertTrue(longName.endsWith(".xlsx"));
    }

    @Test
    void sizes_read_as_in_the_seeds() {
        assertEquals("74,79 Ko", AttachmentRules.size(76_585));
        assertEquals("14 Ko", AttachmentRules.size(14 * 1024));
        assertEquals("5 Mo", AttachmentRules.size(5 * MB));
        assertEquals("512 o", AttachmentRules.size(512));
    }

    @Test
    void a_sealed_reply_is_sealed_until_its_deadline_only() {
        Instant deadline = Instant.parse("2021-01-31T16:00:00Z");
        ReplyOptions sealed = new ReplyOptions(true, deadline, true);
        assertTrue(ReplySealing.isSealed(sealed, deadline.minusSeconds(1)));
        assertTrue(!ReplySealing.isSealed(sealed, deadline));
        assertTrue(!ReplySealing.isSealed(new ReplyOptions(true, deadline, false), deadline.minusSeconds(1)));
        assertEquals("Le contenu de la réponse sera accessible après le 31/01/2021 - 17:00.",
                ReplySealing.notice(sealed));
    }
}
