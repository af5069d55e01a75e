package fr.messagerie.local;

import fr.messagerie.files.Attachment;
import fr.messagerie.servers.SentEmail;
import fr.messagerie.servers.SesMailbox;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The local mailbox: the mail the SES server accepted, readable in a browser with its links and attachments. */
final class MailboxPages {

    static final String ROOT = "/_mailbox";
    private static final DateTimeFormatter PARIS_TIME =
            DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(ZoneId.of("Europe/Paris"));
    private static final Pattern HREF = Pattern.compile("href\\s*=\\s*[\"']([^\"']+)[\"']", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"')]+");
    private static final Pattern ATTACHMENT = Pattern.compile("(.+)/attachments/(\\d+)");
    private static final String HTML_VERSION = "/html";

    /** An answer of the mailbox: status, content type and bytes. */
    record Response(int status, String contentType, byte[] body, String fileName) {
        static Response html(int status, String html) {
            return new Response(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), null);
        }
    }

    private final SesMailbox mailbox;

    MailboxPages(SesMailbox mailbox) {
        this.mailbox = mailbox;
    }

    /**
     * {@code rawPath}: /_mailbox, /_mailbox/{messageId}, /_mailbox/{messageId}/html (the HTML version alone, as a
     * mail client shows it) or /_mailbox/{messageId}/attachments/{index}.
     */
    Response get(String rawPath) {
        String rest = rawPath.substring(ROOT.length());
        if (rest.isEmpty() || rest.equals("/")) {
            return Response.html(200, list());
        }
        String id = rest.substring(1);
        Matcher attachment = ATTACHMENT.matcher(id);
        if (attachment.matches()) {
            return attachment(decode(attachment.group(1)), Integer.parseInt(attachment.group(2)));
        }
        if (id.endsWith(HTML_VERSION)) {
            return mailbox.find(decode(id.substring(0, id.length() - HTML_VERSION.length())))
                    .filter(email -> email.html() != null)
                    .map(email -> Response.html(200, email.html()))
                    .orElseGet(() -> Response.html(404, notFound()));
        }
        return mailbox.find(decode(id)).map(email -> Response.html(200, message(email)))
                .orElseGet(() -> Response.html(404, notFound()));
    }

    private String list() {
        List<SentEmail> emails = new ArrayList<>(mailbox.all());
        emails.sort(Comparator.comparing(SentEmail::sentAt).reversed());
        StringBuilder body = new StringBuilder("<h1>Boîte aux lettres locale</h1>"
                + "<p class=\"muted\">Les courriels acceptés par le serveur SES local, du plus récent au plus ancien "
                + "(gardés en mémoire : vidée à chaque redémarrage). <a href=\"/\">Accueil</a></p>");
        if (emails.isEmpty()) {
            body.append("<p>Aucun courriel envoyé pour le moment.</p>");
        } else {
            body.append("<table><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Destinataire</th>"
                    + "<th scope=\"col\">Objet</th></tr></thead><tbody>");
            for (SentEmail email : emails) {
                body.append("<tr><td>").append(PARIS_TIME.format(email.sentAt())).append("</td><td>")
                        .append(Html.escape(String.join(", ", email.recipients()))).append("</td><td><a href=\"")
                        .append(Html.escape(messagePath(email.messageId()))).append("\">")
                        .append(Html.escape(subject(email))).append("</a></td></tr>");
            }
            body.append("</tbody></table>");
        }
        return Html.page("Boîte aux lettres locale", body.toString());
    }

    private String message(SentEmail email) {
        StringBuilder body = new StringBuilder("<p><a href=\"" + ROOT + "\">← Boîte aux lettres</a></p>")
                .append("<h1>").append(Html.escape(subject(email))).append("</h1><dl>")
                .append(field("De", email.from()))
                .append(field("À", String.join(", ", email.to())));
        if (!email.cc().isEmpty()) {
            body.append(field("Copie", String.join(", ", email.cc())));
        }
        body.append(field("Date", PARIS_TIME.format(email.sentAt())))
                .append(field("Identifiant SES", email.messageId())).append("</dl>");
        List<String> links = links(email);
        body.append("<h2>Liens du courriel</h2>");
        if (links.isEmpty()) {
            body.append("<p>Aucun lien.</p>");
        } else {
            body.append("<ul>");
            links.forEach(link -> body.append("<li><a href=\"").append(Html.escape(link)).append("\">")
                    .append(Html.escape(link)).append("</a></li>"));
            body.append("</ul>");
        }
        body.append("<h2>Pièces jointes</h2>");
        if (email.attachments().isEmpty()) {
            body.append("<p>Aucune pièce jointe.</p>");
        } else {
            body.append("<ul>");
            for (int i = 0; i < email.attachments().size(); i++) {
                SentEmail.Attachment attachment = email.attachments().get(i);
                body.append("<li><a href=\"").append(Html.escape(messagePath(email.messageId())))
                        .append("/attachments/").append(i).append("\">").append(Html.escape(attachment.filename()))
                        .append("</a> (").append(Html.escape(attachment.contentType())).append(", ")
                        .append(attachment.size()).append(" octets)</li>");
            }
            body.append("</ul>");
        }
        if (email.html() != null) {
            // No scripts in the frame; a click on a link opens it in the whole window.
            body.append("<h2>Version HTML</h2><p><a href=\"").append(Html.escape(messagePath(email.messageId())))
                    .append(HTML_VERSION).append("\">Ouvrir la version HTML seule</a></p><iframe title=\"Contenu HTML du courriel\" sandbox=\"allow-popups "
                    + "allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation\" srcdoc=\"")
                    .append(Html.escape("<base target=\"_top\">" + email.html())).append("\"></iframe>");
        }
        if (email.text() != null) {
            body.append("<h2>Version texte</h2><pre>").append(Html.escape(email.text())).append("</pre>");
        }
        return Html.page(subject(email), body.toString());
    }

    private Response attachment(String messageId, int index) {
        Optional<SentEmail> email = mailbox.find(messageId);
        if (email.isEmpty() || index >= email.get().attachments().size()) {
            return Response.html(404, notFound());
        }
        SentEmail.Attachment attachment = email.get().attachments().get(index);
        String type = attachment.contentType() == null ? "application/octet-stream" : attachment.contentType();
        return new Response(200, type, attachment.content(), attachment.filename());
    }

    /** The links of the HTML version, then those only in the text version. */
    static List<String> links(SentEmail email) {
        Set<String> links = new LinkedHashSet<>();
        if (email.html() != null) {
            Matcher href = HREF.matcher(email.html());
            while (href.find()) {
                links.add(href.group(1).replace("&amp;", "&"));
            }
        }
        if (email.text() != null) {
            Matcher url = URL.matcher(email.text());
            while (url.find()) {
                links.add(url.group());
            }
        }
        return List.copyOf(links);
    }

    private static String field(String label, String value) {
        return "<dt>" + label + "</dt><dd>" + Html.escape(value) + "</dd>";
    }

    private static String subject(SentEmail email) {
        return email.subject() == null || email.subject().isBlank() ? "(sans objet)" : email.subject();
    }

    private static String messagePath(String messageId) {
        return ROOT + "/" + URLEncoder.encode(messageId, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String notFound() {
        return Html.page("Courriel introuvable", "<h1>Courriel introuvable</h1><p><a href=\"" + ROOT
                + "\">Retour à la boîte aux lettres</a></p>");
    }
}
