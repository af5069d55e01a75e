package fr.messagerie.recipient;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecipientPagesTest {

    private static final String TOKEN = "tok3nS3cretValue_abcdefghijklmnopqrstu";
    private static final Pages.Links LINKS = new Pages.Links("/r/" + TOKEN, null);
    private static final String CSRF = "csrf-123\"<x>";
    private static final String HOSTILE = "<script>alert(1)</script>\"'&<b>gras</b>";
    /** 23/07/2020 - 17:51:50 in Paris (summer time, UTC+2). */
    private static final Instant SENT = Instant.parse("2020-07-23T15:51:50Z");
    private static final Instant READ = Instant.parse("2020-07-23T15:52:34Z");
    /** 31/01/2021 - 17:00 in Paris (winter time, UTC+1). */
    private static final Instant DEADLINE = Instant.parse("2021-01-31T16:00:00Z");
    private static final String BODY = "<p>Bonjour,</p><p>Après analyse, <strong>il vous est demandé</strong> "
            + "d'apporter des précisions.</p><ul><li>Point 1</li></ul>";

    private static final Pages.ConsultationBlock CONSULTATION = new Pages.ConsultationBlock("ADO-2207-2020",
            "Achat de matériel informatique", "Achat d'ordinateurs fixes, d'écrans et d'ordinateurs portables",
            Instant.parse("2020-07-31T15:30:00Z"), "Département des Bouches-du-Rhône",
            "Direction des Systèmes d'Information",
            "https://atexo.example/?page=entreprise.EntrepriseDetailConsultation&id=516386&orgAcronyme=cg13");

    // ------------------------------------------------------------------------------------------------ landing

    @Test
    void landingHasOneFormPostingToOpenWithTheCsrf() {
        String html = RecipientPages.landing(landing("Demande de complément", "Département des Bouches-du-Rhône",
                new Pages.Links("/r/" + TOKEN, "d-42")));
        Document doc = checkedDocument(html);
        Elements forms = doc.select("form");
        assertEquals(1, forms.size());
        Element form = forms.first();
        assertEquals("post", form.attr("method"));
        assertEquals("/r/" + TOKEN + "/open?courrier=d-42", form.attr("action"));
        assertEquals(CSRF, form.selectFirst("input[type=hidden][name=csrf]").attr("value"));
        assertEquals("Accéder au contenu du courrier", form.selectFirst("button[type=submit]").text());
        String text = doc.body().text();
        assertEquals("Demande de complément", doc.selectFirst("h1").text());
        assertTrue(text.contains("Émetteur : Département des Bouches-du-Rhône"), text);
        assertTrue(text.contains("Destinataire : gregory@atexo.com"), text);
        assertTrue(text.contains("Envoyé le 23/07/2020 - 17:51:50"), text);
        assertTrue(text.contains("L'accès au contenu du courrier génère un accusé de réception horodaté, transmis à"
                + " l'émetteur."), text);
        assertFalse(text.contains("Bonjour"), "the landing page shows nothing of the letter's body");
    }

    @Test
    void consultationBlockUsesTheEmailWordingAndLeavesOutMissingValues() {
        Document doc = checkedDocument(RecipientPages.landing(landing("Objet", "Émetteur", LINKS)));
        Element block = doc.selectFirst("section.consultation");
        assertEquals("Consultation concernée par cet échange", block.selectFirst("h2").text());
        String text = block.text();
        assertTrue(text.contains("Référence | Intitulé : ADO-2207-2020 | Achat de matériel informatique"), text);
        assertTrue(text.contains("Objet : Achat d'ordinateurs fixes, d'écrans et d'ordinateurs portables"), text);
        assertTrue(text.contains("Date et heure limite de remise des plis : 31/07/2020 17:30"), text);
        assertTrue(text.contains("Organisme | Entité d'achat : Département des Bouches-du-Rhône | Direction des "
                + "Systèmes d'Information"), text);
        assertEquals(CONSULTATION.directLink(), block.selectFirst("a").attr("href"));

        Pages.ConsultationBlock partial = new Pages.ConsultationBlock("REF-1", null, null, null, null, null,
                "javascript:alert(1)");
        Document other = checkedDocument(RecipientPages.landing(new Pages.LandingPage(LINKS, CSRF, partial, "S",
                "a@b.fr", "Objet", SENT)));
        Element otherBlock = other.selectFirst("section.consultation");
        assertEquals("Consultation concernée par cet échange Référence | Intitulé : REF-1 "
                + "Lien direct : javascript:alert(1)", otherBlock.text());
        assertNull(otherBlock.selectFirst("a"), "only http(s) direct links are links");
    }

    // ------------------------------------------------------------------------------------------------ content

    @Test
    void contentShowsTheLetterItsFilesAndTheReadReceiptInParisTime() {
        Pages.FileLine file = new Pages.FileLine("Règlement_consultation - rev2.0.pdf", 76585, "ab",
                LINKS.file("f-1"), null);
        String html = RecipientPages.content(content(List.of(file), notAllowed()));
        Document doc = checkedDocument(html);
        assertTrue(html.contains(BODY), "the sanitized body is inserted as it is");
        assertEquals("il vous est demandé", doc.selectFirst(".body strong").text());
        String text = doc.body().text();
        assertTrue(text.contains("Émetteur : Département des Bouches-du-Rhône"), text);
        assertTrue(text.contains("Destinataire : gregory@atexo.com"), text);
        assertTrue(text.contains("Objet : Demande de complément"), text);
        assertTrue(text.contains("Envoi du courrier 23/07/2020 - 17:51:50"), text);
        assertTrue(text.contains("Courrier lu par le destinataire 23/07/2020 - 17:52:34"), text);
        Element link = doc.selectFirst("ul.files a");
        assertEquals("/r/" + TOKEN + "/files/f-1", link.attr("href"));
        assertEquals("Règlement_consultation - rev2.0.pdf", link.text());
        assertTrue(doc.selectFirst("ul.files li").text().contains("(74,79 Ko)"), doc.selectFirst("ul.files").text());
        Element history = doc.select("a").stream()
                .filter(a -> a.text().equals("Vos autres échanges sur cette consultation")).findFirst().orElseThrow();
        assertEquals("/r/" + TOKEN + "/history", history.attr("href"));
    }

    @Test
    void replyNotAllowedSaysNothingAboutReplying() {
        Document doc = checkedDocument(RecipientPages.content(content(List.of(), notAllowed())));
        String text = doc.body().text();
        assertTrue(doc.select("form").isEmpty());
        assertFalse(text.contains("Répon"), text);
        assertFalse(text.contains("répon"), text);
    }

    @Test
    void openReplyWithDeadlineShowsRemainingTimeUploadFormFilesAndReplyForm() {
        Instant now = DEADLINE.minus(Duration.ofDays(7).plusHours(23).plusMinutes(22)).minusSeconds(30);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "uploads/c1/l1/d1/${filename}");
        fields.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        fields.put("x-amz-credential", "AKIA/20210123/eu-west-3/s3/aws4_request");
        fields.put("x-amz-date", "20210123T000000Z");
        fields.put("success_action_redirect", "https://site.example/r/" + TOKEN + "/reply-files?x=1&y=2");
        fields.put("policy", "eyJwb2xpY3kiOiJ4In0=");
        fields.put("x-amz-signature", "abc123");
        Pages.UploadForm upload = new Pages.UploadForm("https://bucket.s3.eu-west-3.amazonaws.com/", fields,
                10_000_000);
        List<Pages.FileLine> pending = List.of(new Pages.FileLine(HOSTILE + ".pdf", 76585, "h1", LINKS.file("p-1"),
                LINKS.deleteReplyFile("p-1")));
        Pages.ReplySection reply = new Pages.ReplySection(true, DEADLINE, false, null, upload, pending,
                60L * 1024 * 1024 - 76585, "Brouillon " + HOSTILE, "Le fichier est trop volumineux.",
                "Le fichier a été ajouté.");
        String html = RecipientPages.content(content(List.of(), reply, now));
        Document doc = checkedDocument(html);
        String text = doc.body().text();

        assertTrue(text.contains("Une réponse de votre part est attendue avant le 31/01/2021 - 17:00."), text);
        assertTrue(text.contains("Temps restant pour répondre : dans 7 jours 23 heures 22 minutes"), text);
        assertEquals("Le fichier est trop volumineux.", doc.selectFirst("[role=alert]").text());
        assertEquals("Le fichier a été ajouté.", doc.selectFirst("[role=status]").text());

        Element uploadForm = doc.selectFirst("form[enctype=multipart/form-data]");
        Element replyForm = doc.selectFirst("form:has(textarea)");
        assertNotNull(uploadForm);
        assertNotNull(replyForm);
        assertEquals("post", uploadForm.attr("method"));
        assertEquals("https://bucket.s3.eu-west-3.amazonaws.com/", uploadForm.attr("action"));
        assertTrue(html.indexOf("enctype=\"multipart/form-data\"") < html.indexOf("<textarea"),
                "the upload form comes before the reply form");
        assertTrue(uploadForm.parents().stream().noneMatch(p -> p.nameIs("form")));
        assertTrue(replyForm.select("input[type=file]").isEmpty());

        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Element input : uploadForm.select("input")) {
            names.add(input.attr("name"));
            values.add(input.attr("value"));
        }
        List<String> expectedNames = new ArrayList<>(fields.keySet());
        expectedNames.add("file");
        assertEquals(expectedNames, names, "the bucket's fields in order, then the file");
        assertEquals(new ArrayList<>(fields.values()), values.subList(0, fields.size()));
        Element file = uploadForm.selectFirst("input[type=file]");
        assertEquals("Ajouter une pièce jointe", doc.selectFirst("label[for=" + file.id() + "]").text());
        assertEquals("Taille maximale de ce fichier : 59,93 Mo (60 Mo au total pour la réponse, dont 74,79 Ko déjà"
                        + " joints).",
                doc.getElementById(file.attr("aria-describedby")).text());
        assertEquals(String.valueOf(60L * 1024 * 1024 - 76585), file.attr("data-max-bytes"),
                "the script refuses what the bucket's policy would");
        assertTrue(file.attr("data-too-large").contains("dépasse la place restante pour votre réponse : 59,93 Mo (60 Mo au"
                        + " total, dont 74,79 Ko déjà joints)"),
                file.attr("data-too-large"));
        assertEquals("Joindre le fichier", uploadForm.selectFirst("button[type=submit]").text());
        assertTrue(uploadForm.select("button[name]").isEmpty(), "no extra field is posted to the bucket");

        Element deleteForm = doc.selectFirst("form[action=/r/" + TOKEN + "/reply-files/p-1/delete]");
        assertEquals("post", deleteForm.attr("method"));
        assertEquals(CSRF, deleteForm.selectFirst("input[name=csrf]").attr("value"));
        assertTrue(deleteForm.selectFirst("button").text().startsWith("Supprimer"));
        assertEquals(HOSTILE + ".pdf", doc.selectFirst("a[href=/r/" + TOKEN + "/files/p-1]").text());

        assertEquals("post", replyForm.attr("method"));
        assertEquals("/r/" + TOKEN + "/reply", replyForm.attr("action"));
        assertEquals(CSRF, replyForm.selectFirst("input[type=hidden][name=csrf]").attr("value"));
        Element textarea = replyForm.selectFirst("textarea[name=body]");
        assertEquals("Brouillon " + HOSTILE, textarea.val());
        assertEquals("Corps de la réponse", doc.selectFirst("label[for=" + textarea.id() + "]").text());
        assertEquals("Envoyer la réponse", replyForm.selectFirst("button[type=submit]").text());
        assertFalse(html.contains("<script>alert"), "hostile text is escaped");
    }

    @Test
    void openReplyWithoutDeadlineOrUploadStillOffersTheReplyForm() {
        Pages.ReplySection reply = new Pages.ReplySection(true, null, false, null, null, List.of(), 0, null, null,
                null);
        Document doc = checkedDocument(RecipientPages.content(content(List.of(), reply)));
        String text = doc.body().text();
        assertFalse(text.contains("Temps restant"), text);
        assertFalse(text.contains("attendue avant"), text);
        assertTrue(doc.select("input[type=file]").isEmpty());
        assertEquals(1, doc.select("form").size());
        assertEquals("", doc.selectFirst("textarea").val());
        assertTrue(doc.select("[role=alert],[role=status]").isEmpty());
    }

    @Test
    void passedDeadlineClosesTheReply() {
        Pages.ReplySection reply = new Pages.ReplySection(true, DEADLINE, true, null, null, List.of(), 0, null,
                null, null);
        Document doc = checkedDocument(RecipientPages.content(content(List.of(), reply)));
        assertTrue(doc.body().text().contains("La date limite de réponse (31/01/2021 - 17:00) est dépassée : il "
                + "n'est plus possible de répondre à ce courrier."), doc.body().text());
        assertTrue(doc.select("form").isEmpty());
    }

    @Test
    void sentReplyBeforeDeadlineIsShownWithItsBodyAndFiles() {
        String replyBody = "<p>Vous trouverez les éléments demandés <strong>dans le fichier joint</strong>.</p>";
        Pages.SentReply sent = new Pages.SentReply(replyBody, List.of(new Pages.FileLine(
                "ADO-2207-2020 - rev2.0.pdf", 76585, "h", LINKS.file("r-1"), null)),
                Instant.parse("2021-01-04T15:27:50Z"), true);
        Pages.ReplySection reply = new Pages.ReplySection(true, DEADLINE, false, sent, null, List.of(), 0, null,
                null, null);
        String html = RecipientPages.content(content(List.of(), reply));
        Document doc = checkedDocument(html);
        String text = doc.body().text();
        assertTrue(html.contains(replyBody));
        assertTrue(text.contains("Réponse du destinataire Réponse envoyée le 04/01/2021 - 16:27:50"), text);
        assertTrue(text.contains("Réponse envoyée avant la date limite (31/01/2021 - 17:00)"), text);
        assertTrue(text.contains("ADO-2207-2020 - rev2.0.pdf (74,79 Ko)"), text);
        assertTrue(doc.select("form").isEmpty());
        assertFalse(text.contains("Envoyer la réponse"));

        Pages.SentReply late = new Pages.SentReply(replyBody, List.of(), Instant.parse("2021-01-04T15:27:50Z"),
                false);
        String lateText = Jsoup.parse(RecipientPages.content(content(List.of(), new Pages.ReplySection(true, null,
                false, late, null, List.of(), 0, null, null, null)))).body().text();
        assertFalse(lateText.contains("avant la date limite"), lateText);
    }

    @Test
    void hostileTextIsEscapedEverywhere() {
        Pages.ConsultationBlock hostileConsultation = new Pages.ConsultationBlock(HOSTILE, HOSTILE, HOSTILE, null,
                HOSTILE, HOSTILE, "https://x.example/\"><script>alert(1)</script>");
        Pages.ContentPage page = new Pages.ContentPage(LINKS, CSRF, hostileConsultation, HOSTILE, HOSTILE, HOSTILE,
                BODY, List.of(new Pages.FileLine(HOSTILE, 10, "h", "/r/x/files/\"><script>", null)), SENT, READ,
                new Pages.ReplySection(true, null, false, null, null, List.of(), 0, HOSTILE, HOSTILE, HOSTILE),
                SENT);
        List<String> pages = List.of(RecipientPages.content(page),
                RecipientPages.landing(new Pages.LandingPage(LINKS, CSRF, hostileConsultation, HOSTILE, HOSTILE,
                        HOSTILE, SENT)),
                RecipientPages.history(new Pages.HistoryPage(LINKS, hostileConsultation, HOSTILE, List.of(
                        new Pages.HistoryLine(HOSTILE, HOSTILE, List.of(HOSTILE), HOSTILE, "/r/x?courrier=\"><b>",
                                false)))),
                RecipientPages.message(HOSTILE, HOSTILE, LINKS));
        for (String html : pages) {
            Document doc = checkedDocument(html);
            assertFalse(html.contains("<script"), html);
            assertFalse(html.contains("<b>gras"), html);
            assertTrue(doc.select("b").isEmpty());
            assertTrue(doc.body().text().contains(HOSTILE) || doc.title().contains(HOSTILE), html);
        }
        Document content = Jsoup.parse(pages.get(0));
        assertEquals(HOSTILE, content.selectFirst("h1").text());
        assertEquals(HOSTILE, content.selectFirst("textarea").val());
        assertEquals(HOSTILE, content.selectFirst("ul.files a").text());
        assertEquals("/r/x/files/\"><script>", content.selectFirst("ul.files a").attr("href"));
    }

    @Test
    void remainingTimeWording() {
        Instant now = Instant.parse("2021-01-01T00:00:00Z");
        assertEquals("dans 1 jour 1 heure 1 minute",
                RecipientPages.remaining(now, now.plus(Duration.ofDays(1).plusHours(1).plusMinutes(1))));
        assertEquals("dans 2 jours 5 minutes",
                RecipientPages.remaining(now, now.plus(Duration.ofDays(2).plusMinutes(5).plusSeconds(59))));
        assertEquals("dans 3 heures", RecipientPages.remaining(now, now.plus(Duration.ofHours(3))));
        assertEquals("dans 2 minutes", RecipientPages.remaining(now, now.plusSeconds(179)));
        assertEquals("dans moins d'une minute", RecipientPages.remaining(now, now.plusSeconds(59)));
        assertEquals("dans moins d'une minute", RecipientPages.remaining(now, now.minusSeconds(5)));
    }

    // ------------------------------------------------------------------------------------------------ history

    @Test
    void historyListsTheLettersWithTheCurrentOneMarked() {
        List<Pages.HistoryLine> lines = List.of(
                new Pages.HistoryLine("Courrier d'attribution", "Attribution",
                        List.of("Envoyé le 23/07/2020 - 17:03:50", "En attente de lecture"), null,
                        LINKS.courrier("d-3").page(), false),
                new Pages.HistoryLine("Demande de complément", "Réf. ADO-2207-2020 - Demandes de précisions",
                        List.of("Envoyé le 23/07/2020 - 12:40:59", "Délivré le 23/07/2020 - 12:41:00",
                                "Lu le 23/07/2020 - 12:42:10", "Répondu le 23/07/2020 - 12:44:54"),
                        "Bonjour, Après analyse ...", LINKS.page(), true));
        Document doc = checkedDocument(RecipientPages.history(new Pages.HistoryPage(LINKS, CONSULTATION,
                "gregory@atexo.com", lines)));
        assertEquals("Liste des messages", doc.selectFirst("h1").text());
        assertTrue(doc.selectFirst("header").text().contains("Messagerie sécurisée"));
        assertTrue(doc.body().text().contains("Nombre de résultats : 2"));
        Element table = doc.selectFirst("table");
        assertFalse(table.selectFirst("caption").text().isBlank());
        assertEquals(List.of("Dates et événements", "Objet"), table.select("thead th").eachText());
        assertTrue(table.select("thead th").stream().allMatch(th -> th.attr("scope").equals("col")));
        Elements rows = table.select("tbody tr");
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).text().contains("Envoyé le 23/07/2020 - 17:03:50 En attente de lecture"),
                rows.get(0).text());
        assertTrue(rows.get(1).text().contains("Envoyé le 23/07/2020 - 12:40:59 Délivré le 23/07/2020 - 12:41:00 "
                + "Lu le 23/07/2020 - 12:42:10 Répondu le 23/07/2020 - 12:44:54"), rows.get(1).text());
        assertTrue(rows.get(0).text().contains("Courrier d'attribution"));
        assertEquals("/r/" + TOKEN + "?courrier=d-3", rows.get(0).selectFirst("a").attr("href"));
        assertEquals("Attribution", rows.get(0).selectFirst("a").text());
        assertNull(rows.get(1).selectFirst("a"), "the current letter is not a link");
        assertTrue(rows.get(1).text().contains("Réf. ADO-2207-2020 - Demandes de précisions (ce courrier)"),
                rows.get(1).text());
        assertEquals("/r/" + TOKEN, doc.selectFirst("main > p > a").attr("href"));

        Document empty = checkedDocument(RecipientPages.history(new Pages.HistoryPage(LINKS, null, null, List.of())));
        assertTrue(empty.body().text().contains("Nombre de résultats : 0"));
        assertNull(empty.selectFirst("table"));
    }

    // ------------------------------------------------------------------------------------------------ others

    @Test
    void invalidLinkIsOneConstantPageWithoutTheToken() {
        String html = RecipientPages.invalidLink();
        Document doc = checkedDocument(html);
        assertEquals(html, RecipientPages.invalidLink());
        assertEquals("Lien invalide ou expiré", doc.selectFirst("h1").text());
        assertTrue(doc.title().startsWith("Lien invalide ou expiré"));
        String text = doc.body().text();
        assertTrue(text.contains("incomplet"), text);
        assertTrue(text.contains("expiré"), text);
        assertTrue(text.contains("contactez l'acheteur"), text);
        assertFalse(html.contains(TOKEN));
        assertFalse(html.contains("/r/"));
        assertTrue(doc.select("form, a").isEmpty());
    }

    @Test
    void messagePageWithAndWithoutBackLink() {
        Document doc = checkedDocument(RecipientPages.message("Réponse refusée",
                "La date limite de réponse est dépassée.", new Pages.Links("/r/" + TOKEN, "d-2")));
        assertEquals("Réponse refusée", doc.selectFirst("h1").text());
        assertTrue(doc.title().startsWith("Réponse refusée"));
        assertTrue(doc.body().text().contains("La date limite de réponse est dépassée."));
        assertEquals("/r/" + TOKEN + "?courrier=d-2", doc.selectFirst("main a").attr("href"));

        Document noBack = checkedDocument(RecipientPages.message("Réponse refusée", "Texte", null));
        assertNull(noBack.selectFirst("main a"));
    }

    @Test
    void contentSecurityPolicyAllowsExactlyTheStylesheetOfEveryPage() throws Exception {
        String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(RecipientPages.STYLESHEET.getBytes(StandardCharsets.UTF_8)));
        String csp = RecipientPages.contentSecurityPolicy(null);
        assertTrue(csp.contains("style-src 'sha256-" + expected + "'"), csp);
        assertTrue(csp.contains("default-src 'none'"));
        assertTrue(csp.contains("form-action 'self';"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"));
        assertTrue(csp.contains("base-uri 'none'"));
        String script = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(RecipientPages.UPLOAD_CHECK.getBytes(StandardCharsets.UTF_8)));
        assertTrue(csp.contains("script-src 'sha256-" + script + "';"), "the upload check only: " + csp);
        assertTrue(RecipientPages.contentSecurityPolicy("https://bucket.s3.eu-west-3.amazonaws.com")
                .contains("form-action 'self' https://bucket.s3.eu-west-3.amazonaws.com;"));
        assertTrue(RecipientPages.contentSecurityPolicy("http://localhost:4566/bucket")
                .contains("form-action 'self' http://localhost:4566/bucket;"));
        assertThrows(IllegalArgumentException.class,
                () -> RecipientPages.contentSecurityPolicy("https://x.example; script-src *"));

        Matcher hash = Pattern.compile("style-src '(sha256-[A-Za-z0-9+/=]+)'").matcher(csp);
        assertTrue(hash.find());
        for (String html : allPages()) {
            Document doc = Jsoup.parse(html);
            Elements styles = doc.select("style");
            assertEquals(1, styles.size());
            String content = styles.first().data();
            assertEquals(RecipientPages.STYLESHEET, content);
            assertEquals(hash.group(1), "sha256-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8))));
            assertTrue(html.contains("<style>" + RecipientPages.STYLESHEET + "</style>"));
            for (Element scriptElement : doc.select("script")) {
                assertEquals(RecipientPages.UPLOAD_CHECK, scriptElement.data(), "no script but the upload check");
            }
            assertTrue(doc.select("[style]").isEmpty() || doc.select("[style]").stream()
                    .allMatch(e -> e.parents().hasClass("body")), "no inline style outside the sanitized bodies");
        }
    }

    @Test
    void everyPageIsStructurallyValid() {
        for (String html : allPages()) {
            checkedDocument(html);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Parses a page and checks what can be checked structurally from WCAG / the HTML specification. */
    private static Document checkedDocument(String html) {
        assertTrue(html.startsWith("<!DOCTYPE html>"), "doctype");
        Document doc = Jsoup.parse(html);
        assertEquals("fr", doc.selectFirst("html").attr("lang"));
        assertNotNull(doc.selectFirst("head > meta[charset=utf-8]"));
        assertEquals("width=device-width, initial-scale=1",
                doc.selectFirst("head > meta[name=viewport]").attr("content"));
        assertFalse(doc.title().isBlank(), "title");
        assertEquals(1, doc.select("title").size());
        assertEquals(1, doc.select("h1").size(), "one h1");
        assertEquals(1, doc.select("main").size(), "one main");
        assertNotNull(doc.selectFirst("main h1"));
        assertTrue(doc.select("noscript, iframe, object, embed, img").isEmpty(), "no embedded content");
        assertTrue(doc.select("script").stream().allMatch(e -> e.data().equals(RecipientPages.UPLOAD_CHECK)),
                "no script but the upload check");
        assertTrue(doc.getAllElements().stream().allMatch(e -> e.attributes().asList().stream()
                .noneMatch(a -> a.getKey().toLowerCase().startsWith("on"))), "no event handler");
        assertNoNestedForms(html);
        checkHeadingOrder(doc);
        Set<String> ids = new HashSet<>();
        for (Element e : doc.select("[id]")) {
            assertTrue(ids.add(e.id()), "duplicate id " + e.id());
        }
        for (Element field : doc.select("input:not([type=hidden]), textarea, select")) {
            String type = field.attr("type");
            if (type.equals("submit") || type.equals("button")) {
                continue;
            }
            boolean labelled = field.parents().stream().anyMatch(p -> p.nameIs("label"))
                    || (!field.id().isEmpty() && doc.selectFirst("label[for=" + field.id() + "]") != null
                    && !doc.selectFirst("label[for=" + field.id() + "]").text().isBlank());
            assertTrue(labelled, "no label for " + field);
        }
        for (Element button : doc.select("button")) {
            assertFalse(button.text().isBlank(), "button without text");
        }
        for (Element form : doc.select("form")) {
            assertEquals("post", form.attr("method"));
            assertFalse(form.attr("action").isBlank());
        }
        for (Element link : doc.select("a")) {
            assertFalse(link.text().isBlank(), "link without text");
            assertFalse(link.attr("href").isBlank());
        }
        for (Element table : doc.select("table")) {
            assertNotNull(table.selectFirst("caption"));
            assertTrue(table.select("th").stream().allMatch(th -> th.hasAttr("scope")));
        }
        return doc;
    }

    /** jsoup, like browsers, drops a nested form start tag, so nesting is checked on the markup itself. */
    private static void assertNoNestedForms(String html) {
        Matcher tags = Pattern.compile("<(/?)form\\b", Pattern.CASE_INSENSITIVE).matcher(html);
        int depth = 0;
        while (tags.find()) {
            depth += tags.group(1).isEmpty() ? 1 : -1;
            assertTrue(depth == 0 || depth == 1, "nested or unbalanced forms");
        }
        assertEquals(0, depth, "unclosed form");
    }

    private static void checkHeadingOrder(Document doc) {
        int previous = 0;
        for (Element heading : doc.select("h1, h2, h3, h4, h5, h6")) {
            int level = heading.tagName().charAt(1) - '0';
            assertTrue(level <= previous + 1, "heading " + heading + " skips a level after h" + previous);
            assertFalse(heading.text().isBlank(), "empty heading");
            previous = level;
        }
        assertEquals("h1", doc.select("h1, h2, h3, h4, h5, h6").first().tagName(), "the first heading is the h1");
    }

    private static List<String> allPages() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "k");
        fields.put("policy", "p");
        Pages.UploadForm upload = new Pages.UploadForm("https://bucket.example/", fields, 100);
        List<Pages.FileLine> pending = List.of(new Pages.FileLine("a.pdf", 2048, "h", LINKS.file("a"),
                LINKS.deleteReplyFile("a")));
        Pages.SentReply sent = new Pages.SentReply(BODY, List.of(), SENT, true);
        return List.of(
                RecipientPages.landing(landing("Objet", "Émetteur", LINKS)),
                RecipientPages.content(content(List.of(), notAllowed())),
                RecipientPages.content(content(List.of(), new Pages.ReplySection(true, DEADLINE, false, null, upload,
                        pending, 1000, "x", "erreur", "info"), SENT)),
                RecipientPages.content(content(List.of(), new Pages.ReplySection(true, DEADLINE, true, null, null,
                        List.of(), 0, null, null, null))),
                RecipientPages.content(content(List.of(), new Pages.ReplySection(true, DEADLINE, false, sent, null,
                        List.of(), 0, null, null, null))),
                RecipientPages.content(new Pages.ContentPage(LINKS, CSRF, CONSULTATION, "S", "a@b.fr", "O",
                        "<p><span style=\"color: #ce0500\">rouge</span></p>", List.of(), SENT, READ, null, SENT)),
                RecipientPages.history(new Pages.HistoryPage(LINKS, CONSULTATION, "a@b.fr", List.of(
                        new Pages.HistoryLine("Type", "Objet", List.of("Lu le 23/07/2020 - 12:42:10"), "Extrait", null, true)))),
                RecipientPages.invalidLink(),
                RecipientPages.message("Réponse refusée", "Texte", LINKS));
    }

    private static Pages.LandingPage landing(String subject, String sender, Pages.Links links) {
        return new Pages.LandingPage(links, CSRF, CONSULTATION, sender, "gregory@atexo.com", subject, SENT);
    }

    private static Pages.ReplySection notAllowed() {
        return new Pages.ReplySection(false, null, false, null, null, List.of(), 0, null, null, null);
    }

    private static Pages.ContentPage content(List<Pages.FileLine> attachments, Pages.ReplySection reply) {
        return content(attachments, reply, SENT);
    }

    private static Pages.ContentPage content(List<Pages.FileLine> attachments, Pages.ReplySection reply,
                                             Instant now) {
        return new Pages.ContentPage(LINKS, CSRF, CONSULTATION, "Département des Bouches-du-Rhône",
                "gregory@atexo.com", "Demande de complément", BODY, attachments, SENT, READ, reply, now);
    }
}
