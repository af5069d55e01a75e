package fr.messagerie.send;

import fr.messagerie.common.Agent;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterEmails.RenderedEmail;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LetterEmailRendererTest {

    private static final String LINK = "https://messagerie.example.fr/r/6b1f0c2a9d";
    private static final String SUBJECT = "Réf. ADO-2207-2020 - Transmission des documents évoqués précédemment";
    private static final String BODY = "<p>Bonjour,</p>"
            + "<p>Vous trouverez en pièces jointes les documents évoqués avec vous précédemment, et "
            + "<strong>notamment</strong> :</p>"
            + "<ul><li>Le modèle de bordereau des prix ;</li><li>Le règlement de la consultation (pour rappel).</li></ul>"
            + "<p>Merci de votre intérêt pour cette consultation.<br>"
            + "La plate-forme de dématérialisation des marchés publics</p>";

    private final LetterEmailRenderer renderer = new LetterEmailRenderer();

    private static Consultation consultation(String title, String directLink) {
        return new Consultation("c-1", "cg13", "ADO-2207-2020", title,
                "Achat d'ordinateurs fixes, d'écrans et d'ordinateurs portables",
                Instant.parse("2020-07-31T15:30:00Z"), "Département des Bouches-du-Rhône",
                "Direction des Systèmes d'Information", directLink, null);
    }

    private static Consultation consultation() {
        return consultation("Achat de matériel informatique",
                "https://atexo-juno-05.local-trust.com/?page=entreprise.EntrepriseDetailConsultation&id=516386"
                        + "&orgAcronyme=cg13");
    }

    private static Letter letter(SendMode mode, ReplyOptions reply, String subject, String body) {
        return new Letter("l-1", "c-1", "cg13", LetterType.COURRIER_LIBRE, mode, reply, subject, body,
                List.of(Recipient.typed("gregory@atexo.com")),
                new Agent("a-1", "Jeanne Martin", "jeanne.martin@cg13.fr", "cg13", "DSI"),
                LetterState.SENDING, Instant.parse("2020-07-22T09:00:00Z"), Instant.parse("2020-07-22T09:00:00Z"),
                Instant.parse("2020-07-22T09:23:22Z"), 1);
    }

    /** What a reader sees: the text without the hidden preheader. */
    private static String visibleText(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("[style*=display:none]").remove();
        return doc.text();
    }

    private static Element preheader(RenderedEmail email) {
        return Jsoup.parse(email.html()).body().child(0);
    }

    /** The preheader's words, without the invisible blanks that follow them. */
    private static String preheaderText(RenderedEmail email) {
        return preheader(email).text().replaceAll("[\\u200c\\u00a0\\s]+$", "");
    }

    @Test
    void simpleModeCarriesTheBodyWithItsFormattingAndTheContextBlock() {
        RenderedEmail email = renderer.render(letter(SendMode.SIMPLE, ReplyOptions.NONE, SUBJECT, BODY),
                consultation(), null);

        assertEquals(SUBJECT, email.subject());
        assertTrue(email.html().contains(BODY), "body inserted as is");
        Document doc = Jsoup.parse(email.html());
        assertEquals("notamment", doc.selectFirst("strong").text());
        assertEquals(2, doc.select("ul > li").size());
        String text = visibleText(email.html());
        assertTrue(text.contains("Consultation concernée par cet échange"));
        assertTrue(text.contains("Référence | Intitulé : ADO-2207-2020 | Achat de matériel informatique"));
        assertTrue(text.contains("Objet : Achat d'ordinateurs fixes, d'écrans et d'ordinateurs portables"));
        assertTrue(text.contains("Date et heure limite de remise des plis : 31/07/2020 17:30"));
        assertTrue(text.contains(
                "Organisme | Entité d'achat : Département des Bouches-du-Rhône | Direction des Systèmes d'Information"));
        assertTrue(text.contains("Lien direct : https://atexo-juno-05.local-trust.com/"));
        assertTrue(text.indexOf("Merci de votre intérêt") < text.indexOf("Consultation concernée par cet échange"),
                "the context block follows the letter");
    }

    @Test
    void simpleModeTextAlternativeIsReadable() {
        RenderedEmail email = renderer.render(letter(SendMode.SIMPLE, ReplyOptions.NONE, SUBJECT, BODY),
                consultation(), null);

        assertTrue(email.text().startsWith(SUBJECT + "\n\nBonjour,\n\nVous trouverez en pièces jointes les documents évoqués avec "
                + "vous précédemment, et notamment :\n\n- Le modèle de bordereau des prix ;\n"
                + "- Le règlement de la consultation (pour rappel).\n\nMerci de votre intérêt pour cette consultation.\n"
                + "La plate-forme de dématérialisation des marchés publics\n\n"
                + "Consultation concernée par cet échange\n"
                + "Référence | Intitulé : ADO-2207-2020 | Achat de matériel informatique\n"), email.text());
        assertTrue(email.text().contains("\nDate et heure limite de remise des plis : 31/07/2020 17:30\n"));
        assertTrue(email.text().contains("\nLien direct : https://atexo-juno-05.local-trust.com/?page="));
        assertFalse(email.text().contains("<"), "no markup in the text part");
        for (String line : email.text().split("\n")) {
            assertEquals(line.stripTrailing(), line, "trailing space");
        }
    }

    @Test
    void accessLinkModeNotifiesWithoutTheLetterContent() {
        RenderedEmail email = renderer.render(letter(SendMode.ACCESS_LINK, ReplyOptions.NONE, SUBJECT, BODY),
                consultation(), LINK);

        assertEquals(SUBJECT, email.subject());
        String text = visibleText(email.html());
        assertTrue(text.contains("Bonjour, Un message vous est envoyé concernant la consultation présentée ci-dessous."));
        assertTrue(text.contains("Le contenu du message qui vous est destiné est accessible en ligne :"));
        Element button = Jsoup.parse(email.html()).selectFirst("a:contains(Accéder au contenu du message)");
        assertEquals(LINK, button.attr("href"));
        assertTrue(text.contains("Référence | Intitulé : ADO-2207-2020 | Achat de matériel informatique"));
        assertTrue(text.contains("Date et heure limite de remise des plis : 31/07/2020 17:30"));
        for (String part : List.of(email.html(), email.text())) {
            assertFalse(part.contains("bordereau"), "letter content leaked");
            assertFalse(part.contains("pièces jointes"), "letter content leaked");
            assertFalse(part.contains("notamment"), "letter content leaked");
        }
        assertFalse(text.contains("Une réponse de votre part est attendue"));
        assertFalse(email.text().contains("Une réponse de votre part est attendue"));
    }

    @Test
    void accessLinkTextAlternativeWritesTheUrlOut() {
        RenderedEmail email = renderer.render(letter(SendMode.ACCESS_LINK, ReplyOptions.NONE, SUBJECT, BODY),
                consultation(), LINK);

        assertTrue(email.text().startsWith(SUBJECT + "\n\nBonjour,\n\nUn message vous est envoyé concernant la consultation "
                + "présentée ci-dessous.\n\nLe contenu du message qui vous est destiné est accessible en ligne :\n"
                + "Accéder au contenu du message : " + LINK + "\n\nConsultation concernée par cet échange\n"),
                email.text());
    }

    @Test
    void replyDeadlineSentenceAppearsOnlyWithADeadlineInParisTime() {
        ReplyOptions withDeadline = new ReplyOptions(true, Instant.parse("2021-01-31T16:00:00Z"), true);
        RenderedEmail email = renderer.render(letter(SendMode.ACCESS_LINK, withDeadline,
                "Demande de complément relative à votre offre", BODY), consultation(), LINK);
        String sentence = "Une réponse de votre part est attendue avant le 31/01/2021 17:00.";
        assertTrue(visibleText(email.html()).contains(sentence));
        assertTrue(email.text().contains("\n" + sentence + "\n"));

        RenderedEmail withoutDeadline = renderer.render(letter(SendMode.ACCESS_LINK, ReplyOptions.ALLOWED,
                "Demande de complément relative à votre offre", BODY), consultation(), LINK);
        assertFalse(withoutDeadline.html().contains("Une réponse de votre part"));
        assertFalse(withoutDeadline.text().contains("Une réponse de votre part"));
    }

    @Test
    void frenchCharactersSurviveEverywhere() {
        String subject = "Réf. « ÉTÉ-2021 » – l’offre à 1 000 €";
        String body = "<p>L’offre « économique » coûte 1 000 € ; reçue à 17h à Noël.</p>";
        RenderedEmail email = renderer.render(letter(SendMode.SIMPLE, ReplyOptions.NONE, subject, body),
                consultation("Fournitures « spéciales » à l’€uro près", null), null);

        assertEquals(subject, email.subject());
        assertEquals(subject, Jsoup.parse(email.html()).title());
        assertTrue(email.html().contains("L’offre « économique » coûte 1 000 € ; reçue à 17h à Noël."));
        assertTrue(visibleText(email.html()).contains("Fournitures « spéciales » à l’€uro près"));
        assertTrue(email.text().contains("L’offre « économique » coûte 1 000 € ; reçue à 17h à Noël."));
        assertTrue(email.text().contains("Référence | Intitulé : ADO-2207-2020 | Fournitures « spéciales » à l’€uro près"));
    }

    @Test
    void consultationDataIsEscaped() {
        Consultation hostile = new Consultation("c-1", "cg13", "<b>REF</b>", "<script>alert(1)</script>",
                "\"><img src=x onerror=alert(1)>", null, "Org <i>", "Entité & cie", "javascript:alert(1)", null);
        RenderedEmail email = renderer.render(letter(SendMode.SIMPLE, ReplyOptions.NONE, "Objet <script>", "<p>x</p>"),
                hostile, null);

        Document doc = Jsoup.parse(email.html());
        assertTrue(doc.select("script, img, i, b").isEmpty(), email.html());
        assertTrue(doc.select("a[href^=javascript]").isEmpty());
        assertTrue(email.html().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        String text = doc.text();
        assertTrue(text.contains("Référence | Intitulé : <b>REF</b> | <script>alert(1)</script>"));
        assertTrue(text.contains("Lien direct : javascript:alert(1)"), "shown as text, not as a link");
        assertEquals("Objet <script>", doc.title());
        assertTrue(text.contains("Ce courriel vous est adressé par Org <i> via la messagerie sécurisée"));
    }

    @Test
    void directLinkIsALinkOnlyWhenHttp() {
        RenderedEmail email = renderer.render(letter(SendMode.SIMPLE, ReplyOptions.NONE, SUBJECT, BODY),
                consultation(), null);
        Element link = Jsoup.parse(email.html()).selectFirst("a[href^=https://atexo-juno-05]");
        assertEquals("https://atexo-juno-05.local-trust.com/?page=entreprise.EntrepriseDetailConsultation&id=516386"
                + "&orgAcronyme=cg13", link.attr("href"));

        RenderedEmail ftp = renderer.render(letter(SendMode.SIMPLE, ReplyOptions.NONE, SUBJECT, BODY),
                consultation("Titre", "ftp://example.fr/dce.zip"), null);
        assertTrue(Jsoup.parse(ftp.html()).select("a[href^=ftp]").isEmpty());
        assertTrue(visibleText(ftp.html()).contains("Lien direct : ftp://example.fr/dce.zip"));
    }

    @Test
    void optionalContextLinesAreOmitted() {
        Consultation bare = new Consultation("c-1", "o", "TESTESR2020", "TESTESR2020", "test", null,
                "Agence Départementale du Numérique", null, null, null);
        RenderedEmail email = renderer.render(letter(SendMode.SIMPLE, ReplyOptions.NONE, SUBJECT, BODY), bare, null);

        assertTrue(email.text().endsWith("Consultation concernée par cet échange\n"
                + "Référence | Intitulé : TESTESR2020 | TESTESR2020\n"
                + "Objet : test\n"
                + "Organisme | Entité d'achat : Agence Départementale du Numérique |\n\n"
                + "Ce courriel vous est adressé par Agence Départementale du Numérique via la messagerie sécurisée de "
                + "la plate-forme de dématérialisation des marchés publics. Merci de ne pas répondre directement à ce "
                + "courriel."), email.text());
        String text = visibleText(email.html());
        assertFalse(text.contains("Date et heure limite"));
        assertFalse(text.contains("Lien direct"));
    }

    @Test
    void isACompleteFrenchHtmlDocument() {
        RenderedEmail email = renderer.render(letter(SendMode.ACCESS_LINK, ReplyOptions.NONE, SUBJECT, BODY),
                consultation(), LINK);

        assertTrue(email.html().startsWith("<!DOCTYPE html>"));
        Document doc = Jsoup.parse(email.html());
        assertEquals("fr", doc.selectFirst("html").attr("lang"));
        assertEquals("utf-8", doc.selectFirst("meta[charset]").attr("charset"));
        assertEquals(SUBJECT, doc.title());
        assertEquals(SUBJECT, doc.selectFirst("h1").text(), "titled with the subject, as the seed shows it");
        assertEquals(List.of("Consultation concernée par cet échange"), doc.select("h2").eachText());
        Element article = doc.selectFirst("[role=article]");
        assertEquals("fr", article.attr("lang"), "for clients that drop the html element");
        assertEquals(SUBJECT, article.attr("aria-label"));
        assertTrue(article.select("h1").size() == 1 && article.select("a").size() >= 2, "the content is inside");
        assertTrue(visibleText(email.html()).contains("Ce courriel vous est adressé par Département des "
                + "Bouches-du-Rhône via la messagerie sécurisée de la plate-forme de dématérialisation des marchés "
                + "publics. Merci de ne pas répondre directement à ce courriel."));
    }

    @Test
    void outlookAloneGetsAFixedWidthAndEveryOtherClientAFluidCard() {
        for (RenderedEmail email : List.of(
                renderer.render(letter(SendMode.ACCESS_LINK, ReplyOptions.NONE, SUBJECT, BODY), consultation(), LINK),
                renderer.render(letter(SendMode.SIMPLE, ReplyOptions.NONE, SUBJECT, BODY), consultation(), null))) {
            String html = email.html();
            String open = "<!--[if mso]><table role=\"presentation\" width=\"600\" align=\"center\" cellpadding=\"0\" "
                    + "cellspacing=\"0\" border=\"0\"><tr><td><![endif]-->";
            String close = "<!--[if mso]></td></tr></table><![endif]-->";
            int card = html.indexOf("max-width:600px");
            assertTrue(html.indexOf(open) > 0 && html.indexOf(open) < card && card < html.indexOf(close), html);
            assertEquals(html.indexOf(open), html.lastIndexOf(open));

            Document doc = Jsoup.parse(html); // conditional comments are comments: what every other client reads
            for (Element element : doc.select("[width]")) {
                assertEquals("100%", element.attr("width"), element.toString());
            }
            Matcher fixed = Pattern.compile("(?<![-\\w])(?:min-)?width:\\s*(\\d+)px").matcher(html);
            while (fixed.find()) {
                assertTrue(Integer.parseInt(fixed.group(1)) <= 375, fixed.group());
            }
            Element cardTable = doc.selectFirst("table[style*=max-width:600px]");
            assertEquals("100%", cardTable.attr("width"));
            assertTrue(cardTable.attr("style").contains("width:100%;"));
        }
    }

    @Test
    void layoutTablesArePresentationAndBackgroundsHaveAnAttributeFallback() {
        String html = renderer.render(letter(SendMode.ACCESS_LINK, ReplyOptions.NONE, SUBJECT, BODY), consultation(),
                LINK).html();
        Document doc = Jsoup.parse(html);
        assertTrue(doc.select("table").size() >= 4);
        for (Element table : doc.select("table")) {
            assertEquals("presentation", table.attr("role"), table.toString());
        }
        assertTrue(html.contains("<!--[if mso]><table role=\"presentation\""), "Outlook's table too");
        Elements backgrounds = doc.select("[style*=background-color]");
        assertTrue(backgrounds.size() >= 5);
        for (Element element : backgrounds) {
            Matcher colour = Pattern.compile("background-color:(#[0-9a-f]{6})").matcher(element.attr("style"));
            assertTrue(colour.find());
            assertEquals(colour.group(1), element.attr("bgcolor"), element.tagName() + " " + element.attr("style"));
        }
        assertTrue(doc.select("th, caption, thead, tbody[role], [summary]").isEmpty(), "no data-table semantics");
    }

    @Test
    void theButtonIsACellWithItsOwnColourAndPaddingForOutlook() {
        Document doc = Jsoup.parse(renderer.render(letter(SendMode.ACCESS_LINK, ReplyOptions.NONE, SUBJECT, BODY),
                consultation(), LINK).html());
        Element link = doc.selectFirst("a:containsOwn(Accéder au contenu du message)");
        assertEquals(LINK, link.attr("href"));
        assertTrue(link.attr("style").contains("display:inline-block;padding:12px 24px;"), link.toString());
        assertTrue(link.attr("style").contains("color:#ffffff;"));
        Element cell = link.parent();
        assertEquals("td", cell.tagName());
        assertEquals("#000091", cell.attr("bgcolor"));
        assertTrue(cell.attr("style").contains("mso-padding-alt:12px 24px;"), cell.toString());
        assertEquals("presentation", cell.closest("table").attr("role"));
    }

    @Test
    void theHiddenPreheaderComesFirstWithTheTypeTheReferenceAndTheDeadline() {
        ReplyOptions withDeadline = new ReplyOptions(true, Instant.parse("2021-01-31T16:00:00Z"), true);
        Letter request = new Letter("l-1", "c-1", "cg13", LetterType.DEMANDE_COMPLEMENT, SendMode.ACCESS_LINK,
                withDeadline, "Demande de complément relative à votre offre", BODY,
                List.of(Recipient.typed("gregory@atexo.com")), letter(SendMode.SIMPLE, ReplyOptions.NONE, SUBJECT,
                BODY).author(), LetterState.SENDING, Instant.parse("2020-07-22T09:00:00Z"),
                Instant.parse("2020-07-22T09:00:00Z"), Instant.parse("2020-07-22T09:23:22Z"), 1);
        RenderedEmail email = renderer.render(request, consultation(), LINK);

        Element preheader = preheader(email);
        assertEquals("div", preheader.tagName());
        for (String hiding : List.of("display:none;", "max-height:0;", "overflow:hidden;", "mso-hide:all;")) {
            assertTrue(preheader.attr("style").contains(hiding), hiding);
        }
        assertEquals("Demande de complément – consultation ADO-2207-2020 – réponse attendue avant le 31/01/2021 17:00",
                preheaderText(email));
        assertFalse(visibleText(email.html()).contains("réponse attendue avant le"), "hidden from the reader");

        RenderedEmail plain = renderer.render(letter(SendMode.ACCESS_LINK, ReplyOptions.NONE, SUBJECT, BODY),
                consultation(), LINK);
        assertEquals("Courrier libre – consultation ADO-2207-2020", preheaderText(plain));
        RenderedEmail simple = renderer.render(letter(SendMode.SIMPLE, ReplyOptions.NONE, SUBJECT, BODY),
                consultation(), null);
        assertEquals("Courrier libre – consultation ADO-2207-2020", preheaderText(simple));
    }

    @Test
    void thePlainTextPartSaysWhatTheHtmlPartSaysInTheSameOrder() {
        ReplyOptions withDeadline = new ReplyOptions(true, Instant.parse("2021-01-31T16:00:00Z"), false);
        RenderedEmail email = renderer.render(letter(SendMode.ACCESS_LINK, withDeadline, SUBJECT, BODY),
                consultation(), LINK);
        String html = visibleText(email.html());
        String text = email.text().replaceAll("\\s+", " ");
        List<String> said = List.of(SUBJECT, "Bonjour,", "Un message vous est envoyé concernant la consultation "
                        + "présentée ci-dessous.", "Une réponse de votre part est attendue avant le 31/01/2021 17:00.",
                "Le contenu du message qui vous est destiné est accessible en ligne :",
                "Accéder au contenu du message", "Consultation concernée par cet échange",
                "Référence | Intitulé : ADO-2207-2020 | Achat de matériel informatique",
                "Ce courriel vous est adressé par Département des Bouches-du-Rhône");
        int inHtml = -1;
        int inText = -1;
        for (String sentence : said) {
            assertTrue(html.indexOf(sentence, inHtml + 1) > inHtml, "html: " + sentence);
            assertTrue(text.indexOf(sentence, inText + 1) > inText, "text: " + sentence);
            inHtml = html.indexOf(sentence, inHtml + 1);
            inText = text.indexOf(sentence, inText + 1);
        }
    }

    @Test
    void accessLinkModeNeedsAnHttpLink() {
        Letter letter = letter(SendMode.ACCESS_LINK, ReplyOptions.NONE, SUBJECT, BODY);
        assertThrows(IllegalArgumentException.class, () -> renderer.render(letter, consultation(), null));
        assertThrows(IllegalArgumentException.class,
                () -> renderer.render(letter, consultation(), "javascript:alert(1)"));
    }
}
