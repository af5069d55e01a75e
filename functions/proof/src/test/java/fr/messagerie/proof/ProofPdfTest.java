package fr.messagerie.proof;

import fr.messagerie.files.Evidence.FileFingerprint;
import fr.messagerie.proof.ProofData.ConsultationPart;
import fr.messagerie.proof.ProofData.Exchange;
import fr.messagerie.proof.ProofData.Step;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.model.GsubData;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProofPdfTest {

    private static final String URL = "https://www.marches-publics.gouv.fr/index.php?page=Entreprise.EntrepriseDetail"
            + "Consultation&refConsultation=123456&orgAcronyme=x7c&ref=" + "abcdefghij0123456789".repeat(8);
    private static final String LETTER_HTML = "<p>Bonjour,</p>"
            + "<p>Après analyse de votre offre, nous vous demandons d’apporter des précisions « sous huitaine » :</p>"
            + "<ul><li>le détail du prix forfaitaire de 12\u00A0500\u00A0€ HT, qui nous paraît anormalement bas au"
            + " regard des prestations décrites dans le cahier des clauses techniques particulières ;</li>"
            + "<li>la garantie des œuvres réalisées ;</li></ul>"
            + "<ol><li>Première étape : façon de procéder</li><li>Deuxième étape à préciser</li></ol>"
            + "<p>Le dossier est disponible sur <a href=\"" + URL + "\">la plate-forme</a>.</p>"
            + "<p>Merci de votre intérêt pour cette consultation.</p>";
    private static final String REPLY_HTML = "<p>Bonjour,</p><p>Ça nous convient, voilà nos éléments "
            + "<strong>dans les fichiers joints</strong>.</p><p>Bien cordialement,<br>Grégory Dupont</p>";

    @Test
    void showsTheConsultationTheStepsAndEveryFingerprint() throws IOException {
        ProofData data = realistic(false);
        String text = text(ProofPdf.render(data));

        assertTrue(text.contains("Messagerie sécurisée"), text);
        assertTrue(text.contains("Preuve des échanges du 19/03/2021 à 09:55"), text);
        for (String expected : List.of("Consultation concernée par cet échange", "Référence de la consultation",
                "TESTESR2020", "Intitulé de la consultation", "Travaux de rénovation énergétique",
                "Objet de la consultation", "Date et heure limite de remise des plis", "09/03/2021 10:00",
                "Entité publique", "Entités d'Achat", "Destinataire", "Grégory Dupont <gregory@exemple.fr>")) {
            assertTrue(text.contains(expected), expected);
        }
        assertTrue(text.contains("Résumé des échanges"), text);
        assertTrue(text.contains("Étape Date Auteur"), text);
        assertTrue(text.contains("Envoi 09/03/2021 à 11:50:12 nepasrepondre@demat-ampa.fr"), text);
        assertTrue(text.contains("Reçu techniquement (Délivré) 09/03/2021 à 11:50:14 Technique"), text);
        assertTrue(text.contains("Accusé de réception (Lu) 09/03/2021 à 11:51:03 @lafibre64.fr"), text);

        assertTrue(text.contains("Détail des échanges"), text);
        assertTrue(text.contains("Message — envoyé le 09/03/2021 à 11:50:12"), text);
        assertTrue(text.contains("Demande de précisions sur votre offre"), text);
        assertTrue(text.contains("Réponse — envoyé le 29/03/2021 à 10:00:05"), text); // summer time
        assertTrue(text.contains("- la garantie des œuvres réalisées ;"), text);
        assertTrue(text.contains("1. Première étape : façon de procéder"), text);
        assertTrue(text.contains("2. Deuxième étape à préciser"), text);
        assertTrue(text.contains("d’apporter des précisions « sous huitaine »"), text);
        assertTrue(text.contains("12\u00A0500\u00A0€ HT") || text.contains("12 500 € HT"), text);
        assertTrue(text.contains("Ça nous convient, voilà nos éléments dans les fichiers joints."), text);
        assertTrue(text.replaceAll("\\R", "").contains(URL), "the long URL is broken over lines, not cut");

        String unwrapped = text.replaceAll("\\R", " ");
        assertTrue(unwrapped.contains("Empreinte SHA-256 du corps : " + sha256(LETTER_HTML)), text);
        assertTrue(unwrapped.contains("Empreinte SHA-256 du corps : " + sha256(REPLY_HTML)), text);
        assertTrue(text.contains("Fichiers joints"), text);
        assertTrue(text.contains("• Mémoire technique – lot n° 2.pdf (74,70 Ko)"), text);
        assertTrue(text.contains("• Décomposition du prix global et forfaitaire.xlsx (1,50 Mo)"), text);
        assertTrue(text.contains("SHA-256 : " + sha256("mémoire")), text);
        assertTrue(text.contains("SHA-256 : " + sha256("dpgf")), text);
    }

    @Test
    void aSealedReplyShowsTheNoticeAndNeitherItsBodyNorItsFiles() throws IOException {
        String text = text(ProofPdf.render(realistic(true)));

        assertTrue(text.contains("Le contenu de la réponse sera accessible après le 31/03/2021 - 17:00"), text);
        assertFalse(text.contains("Ça nous convient"), text);
        assertFalse(text.contains(sha256(REPLY_HTML)), text);
        assertFalse(text.contains("Mémoire technique"), text);
        assertFalse(text.contains(sha256("mémoire")), text);
        assertTrue(text.contains("Demande de précisions sur votre offre"), "the letter is still shown");
    }

    @Test
    void aHundredEventThreadFlowsOverNumberedPagesWithinTheMargins() throws IOException {
        byte[] pdf = ProofPdf.render(hundredEvents());

        try (PDDocument document = Loader.loadPDF(pdf)) {
            int pages = document.getNumberOfPages();
            assertTrue(pages >= 5, "pages: " + pages);
            String text = new PDFTextStripper().getText(document);
            for (int page = 1; page <= pages; page++) {
                assertTrue(text.contains("Page " + page + " / " + pages), "page " + page);
            }
            assertEquals(pages, text.split("Messagerie sécurisée", -1).length - 1, "one header per page");
            Instant start = Instant.parse("2021-01-04T08:00:00Z");
            for (int i = 0; i < 100; i++) {
                String date = seconds(start.plusSeconds(3_607L * i));
                assertTrue(text.contains("Relance (envoi n° " + (i + 1) + ") " + date), "step " + i);
            }
            assertTrue(text.contains("Étape Date Auteur"));
            assertTrue(text.contains("fin du paragraphe 39 du courrier 11."), "the last long body is complete");

            float width = document.getPage(0).getMediaBox().getWidth();
            List<TextPosition> positions = positions(document);
            assertFalse(positions.isEmpty());
            for (TextPosition p : positions) {
                assertTrue(p.getXDirAdj() >= 49 && p.getXDirAdj() + p.getWidthDirAdj() <= width - 49,
                        () -> "outside the margins: " + p.getUnicode() + " at " + p.getXDirAdj());
                assertTrue(p.getYDirAdj() > 20 && p.getYDirAdj() < document.getPage(0).getMediaBox().getHeight(),
                        () -> "outside the page: " + p.getUnicode());
            }
        }
    }

    @Test
    void theSameDataGivesTheSameBytes() {
        assertArrayEquals(ProofPdf.render(realistic(false)), ProofPdf.render(realistic(false)));
        assertArrayEquals(ProofPdf.render(hundredEvents()), ProofPdf.render(hundredEvents()));
    }

    @Test
    void describesTheDocumentWithFixedMetadataAndAnIdFromTheData() throws IOException {
        byte[] pdf = ProofPdf.render(realistic(false));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            var info = document.getDocumentInformation();
            assertEquals("Preuve des échanges du 19/03/2021 à 09:55", info.getTitle());
            assertEquals("Messagerie sécurisée", info.getCreator());
            assertEquals(Instant.parse("2021-03-19T08:55:00Z"), info.getCreationDate().toInstant());
            assertEquals(Instant.parse("2021-03-19T08:55:00Z"), info.getModificationDate().toInstant());
            assertNotNull(document.getDocument().getTrailer().getCOSArray(COSName.ID));
        }
        byte[] other = ProofPdf.render(realistic(true));
        try (PDDocument a = Loader.loadPDF(pdf); PDDocument b = Loader.loadPDF(other)) {
            assertFalse(a.getDocument().getTrailer().getCOSArray(COSName.ID).toString()
                    .equals(b.getDocument().getTrailer().getCOSArray(COSName.ID).toString()));
        }
    }

    @Test
    void embedsItsFonts() throws IOException {
        try (PDDocument document = Loader.loadPDF(ProofPdf.render(realistic(false)))) {
            int fonts = 0;
            for (PDPage page : document.getPages()) {
                for (COSName name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertTrue(font.isEmbedded(), font.getName());
                    assertTrue(font instanceof PDType0Font, font.getName());
                    assertNotNull(((PDType0Font) font).getDescendantFont().getFontDescriptor().getFontFile2(),
                            font.getName());
                    assertTrue(font.getName().contains("DejaVuSans"), font.getName());
                    fonts++;
                }
            }
            assertTrue(fonts >= 2);
        }
    }

    @Test
    void replacesWhatTheFontCannotShowInsteadOfFailing() throws IOException {
        ProofData data = new ProofData(Instant.parse("2021-03-19T08:55:00Z"),
                new ConsultationPart("REF\u0007", "漢字 title", null, null, null, null), null,
                List.of(new Step("Envoi 🦀", Instant.parse("2021-03-09T10:50:12Z"), null)),
                List.of(new Exchange("Message", Instant.parse("2021-03-09T10:50:12Z"), null,
                        "<p>Émoji 🦀 et idéogrammes 漢字, espace fine\u202F; fin.</p>", null, null, false, null)));
        String text = text(ProofPdf.render(data));
        assertTrue(text.contains("REF?"), text);
        assertTrue(text.contains("Envoi ?"), text);
        assertTrue(text.contains("Émoji ? et idéogrammes ??"), text);
        assertTrue(text.contains("fin."), text);
    }

    @Test
    void drawsOneGlyphPerCharacterWithoutLigatures() throws IOException {
        for (byte[] font : List.of(ProofPdf.REGULAR, ProofPdf.BOLD)) {
            TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(font));
            assertEquals(GsubData.NO_DATA_FOUND, ttf.getGsubData());
            assertTrue(ttf.getNumberOfGlyphs() > 5000);
        }
        ProofData data = new ProofData(Instant.parse("2021-03-19T08:55:00Z"), null, "efficace afflux fichier", List.of(),
                List.of());
        assertTrue(text(ProofPdf.render(data)).contains("Destinataire efficace afflux fichier"));
    }

    private static ProofData realistic(boolean sealed) {
        ConsultationPart consultation = new ConsultationPart("TESTESR2020", "Travaux de rénovation énergétique",
                "Rénovation énergétique du groupe scolaire « Les Érables » – lot n° 2 : menuiseries extérieures",
                Instant.parse("2021-03-09T09:00:00Z"), "", null);
        List<Step> steps = List.of(
                new Step("Envoi", Instant.parse("2021-03-09T10:50:12Z"), "nepasrepondre@demat-ampa.fr"),
                new Step("Reçu techniquement (Délivré)", Instant.parse("2021-03-09T10:50:14Z"), "Technique"),
                new Step("Accusé de réception (Lu)", Instant.parse("2021-03-09T10:51:03Z"), "@lafibre64.fr"));
        Exchange letter = new Exchange("Message", Instant.parse("2021-03-09T10:50:12Z"),
                "Demande de précisions sur votre offre", LETTER_HTML, sha256(LETTER_HTML), List.of(), false, null);
        List<FileFingerprint> files = List.of(
                new FileFingerprint("Mémoire technique – lot n° 2.pdf", 76_493, sha256("mémoire")),
                new FileFingerprint("Décomposition du prix global et forfaitaire.xlsx", 1_572_864, sha256("dpgf")));
        Exchange reply = sealed
                ? new Exchange("Réponse", Instant.parse("2021-03-29T08:00:05Z"), "Re: Demande de précisions",
                REPLY_HTML, sha256(REPLY_HTML), files, true,
                "Le contenu de la réponse sera accessible après le 31/03/2021 - 17:00")
                : new Exchange("Réponse", Instant.parse("2021-03-29T08:00:05Z"), "Re: Demande de précisions",
                REPLY_HTML, sha256(REPLY_HTML), files, false, null);
        return new ProofData(Instant.parse("2021-03-19T08:55:00Z"), consultation,
                "Grégory Dupont <gregory@exemple.fr>", steps, List.of(letter, reply));
    }

    private static ProofData hundredEvents() {
        Instant start = Instant.parse("2021-01-04T08:00:00Z");
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            steps.add(new Step("Relance (envoi n° " + (i + 1) + ")", start.plusSeconds(3_607L * i),
                    "acheteur" + i + "@ville-exemple.fr"));
        }
        List<Exchange> exchanges = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            StringBuilder body = new StringBuilder();
            for (int p = 0; p < 40; p++) {
                body.append("<p>Paragraphe ").append(p).append(" : l’acheteur précise les éléments attendus, « à ")
                        .append("titre indicatif », pour un montant de 1\u00A0000\u00A0€ ; la réponse doit être ")
                        .append("déposée sur la plate-forme avant la date limite, faute de quoi elle ne sera pas ")
                        .append("examinée ; fin du paragraphe ").append(p).append(" du courrier ").append(m)
                        .append(".</p>");
            }
            String html = body.toString();
            exchanges.add(new Exchange(m % 2 == 0 ? "Message" : "Réponse", start.plusSeconds(86_400L * m),
                    "Courrier " + m, html, sha256(html),
                    List.of(new FileFingerprint("annexe-" + m + ".pdf", 2_048L * m, sha256("annexe" + m))),
                    false, null));
        }
        return new ProofData(Instant.parse("2021-03-19T08:55:00Z"),
                new ConsultationPart("REF-100", "Cent événements", "Un fil long", start, "Ville", "Service"),
                "entreprise@exemple.fr", steps, exchanges);
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static List<TextPosition> positions(PDDocument document) throws IOException {
        List<TextPosition> positions = new ArrayList<>();
        PDFTextStripper stripper = new PDFTextStripper() {
            @Override
            protected void writeString(String text, List<TextPosition> textPositions) {
                positions.addAll(textPositions);
            }
        };
        stripper.getText(document);
        return positions;
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Paris time with seconds, as the proof shows it. */
    private static String seconds(Instant instant) {
        return DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH:mm:ss").withZone(ZoneId.of("Europe/Paris"))
                .format(instant);
    }
}
