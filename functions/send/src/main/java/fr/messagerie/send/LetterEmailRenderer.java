package fr.messagerie.send;

import fr.messagerie.common.ParisTime;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterEmails;
import fr.messagerie.letters.LetterEmails.RenderedEmail;
import fr.messagerie.letters.RichText;
import fr.messagerie.letters.SendMode;
import org.jsoup.nodes.Entities;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the email of a letter for one recipient: the letter itself in simple mode ("Courrier électronique simple
 * sans accusé de réception"), a notification with the access link and none of the letter's content in access-link
 * mode ("avec accusé de réception"). Both are titled with the subject and end with the non-editable context block of
 * the consultation; the plain-text part says the same in the same order.
 */
public final class LetterEmailRenderer implements LetterEmails {

    static final String CONTEXT_HEADING = "Consultation concernée par cet échange";
    static final String GREETING = "Bonjour,";
    static final String NOTIFICATION = "Un message vous est envoyé concernant la consultation présentée ci-dessous.";
    static final String ONLINE = "Le contenu du message qui vous est destiné est accessible en ligne :";
    static final String BUTTON = "Accéder au contenu du message";

    private static final String FONT = "font-family:Arial,Helvetica,sans-serif;";
    private static final String TEXT_COLOUR = "#1e1e1e";
    private static final String ACCENT = "#000091";
    private static final String MUTED = "#595959";
    private static final String PAGE_BACKGROUND = "#f5f5f5";
    private static final String CARD_BACKGROUND = "#ffffff";
    private static final String CONTEXT_BACKGROUND = "#f0f3f8";
    /** Outlook on Windows (Word engine) ignores max-width: it gets a fixed-width table of its own. */
    static final int OUTLOOK_WIDTH = 600;

    /** @param accessLink the recipient's link in access-link mode, null in simple mode */
    @Override
    public RenderedEmail render(Letter letter, Consultation consultation, String accessLink) {
        String subject = oneLine(letter.subject());
        List<String[]> context = contextLines(consultation);
        String footer = footer(consultation.organismName());
        if (letter.sendMode() == SendMode.ACCESS_LINK) {
            if (!isHttp(accessLink)) {
                throw new IllegalArgumentException("An access-link letter needs an http(s) access link");
            }
            Instant deadline = letter.replyOptions().deadline();
            return accessLinkEmail(subject, preheader(letter, consultation, deadline), deadline, accessLink, context,
                    consultation, footer);
        }
        return simpleEmail(subject, preheader(letter, consultation, null), letter.body(), context, consultation,
                footer);
    }

    private static RenderedEmail simpleEmail(String subject, String preheader, String body, List<String[]> context,
                                            Consultation consultation, String footer) {
        String html = document(subject, preheader, body == null ? "" : body, contextHtml(context, consultation),
                footer);
        String text = join(subject, RichText.toPlainText(body), contextText(context), footer);
        return new RenderedEmail(subject, html, text);
    }

    private static RenderedEmail accessLinkEmail(String subject, String preheader, Instant replyDeadline,
                                                String accessLink, List<String[]> context, Consultation consultation,
                                                String footer) {
        String deadlineSentence = replyDeadline == null ? null
                : "Une réponse de votre part est attendue avant le " + ParisTime.minute(replyDeadline) + ".";
        String link = escape(accessLink);
        StringBuilder content = new StringBuilder()
                .append(paragraph(GREETING))
                .append(paragraph(NOTIFICATION));
        if (deadlineSentence != null) {
            content.append(paragraph("<strong>" + deadlineSentence + "</strong>"));
        }
        content.append(paragraph(ONLINE))
                .append(button(link))
                .append("<p style=\"margin:0 0 16px;font-size:13px;color:").append(MUTED)
                .append(";word-break:break-all;\">Si le bouton ne fonctionne pas, copiez cette adresse dans votre "
                        + "navigateur : <a href=\"").append(link).append("\" style=\"color:").append(ACCENT)
                .append(";\">").append(link).append("</a></p>");
        String html = document(subject, preheader, content.toString(), contextHtml(context, consultation), footer);
        List<String> text = new ArrayList<>(List.of(subject, GREETING, NOTIFICATION));
        if (deadlineSentence != null) {
            text.add(deadlineSentence);
        }
        text.add(ONLINE + "\n" + BUTTON + " : " + accessLink);
        text.add(contextText(context));
        text.add(footer);
        return new RenderedEmail(subject, html, join(text.toArray(String[]::new)));
    }

    /**
     * The first words an inbox shows beside the subject: the letter type and the consultation's reference, and the
     * reply deadline when there is one. Nothing of the letter's content, which stays behind the access link.
     */
    static String preheader(Letter letter, Consultation consultation, Instant replyDeadline) {
        StringBuilder preheader = new StringBuilder(letter.type().label());
        if (!isBlank(consultation.reference())) {
            preheader.append(" – consultation ").append(oneLine(consultation.reference()));
        }
        if (replyDeadline != null) {
            preheader.append(" – réponse attendue avant le ").append(ParisTime.minute(replyDeadline));
        }
        return preheader.toString();
    }

    /**
     * A button every client draws: the cell carries the colour (bgcolor for clients that drop CSS backgrounds) and,
     * for Outlook, which ignores padding on links, the padding; elsewhere the padded link is the whole button.
     */
    private static String button(String link) {
        return "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                + "style=\"margin:8px 0 16px;\"><tr><td align=\"center\" bgcolor=\"" + ACCENT + "\" "
                + "style=\"background-color:" + ACCENT + ";border-radius:4px;mso-padding-alt:12px 24px;\">"
                + "<a href=\"" + link + "\" style=\"display:inline-block;padding:12px 24px;mso-padding-alt:0;" + FONT
                + "font-size:16px;line-height:1.25;font-weight:bold;color:#ffffff;text-decoration:none;"
                + "border-radius:4px;\">" + BUTTON + "</a></td></tr></table>";
    }

    /** Label and raw value of each line of the context block, in the seed's wording. */
    private static List<String[]> contextLines(Consultation c) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"Référence | Intitulé", pair(c.reference(), c.title())});
        lines.add(new String[] {"Objet", orEmpty(c.object())});
        if (c.bidDeadline() != null) {
            lines.add(new String[] {"Date et heure limite de remise des plis", ParisTime.minute(c.bidDeadline())});
        }
        if (!isBlank(c.organismName()) || !isBlank(c.purchasingEntity())) {
            lines.add(new String[] {"Organisme | Entité d'achat", pair(c.organismName(), c.purchasingEntity())});
        }
        if (!isBlank(c.directLink())) {
            lines.add(new String[] {"Lien direct", c.directLink().strip()});
        }
        return lines;
    }

    private static String contextHtml(List<String[]> lines, Consultation consultation) {
        String cell = "padding:0 16px 6px;" + FONT + "font-size:14px;line-height:1.5;color:" + TEXT_COLOUR + ";";
        StringBuilder html = new StringBuilder()
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" ")
                .append("bgcolor=\"").append(CONTEXT_BACKGROUND).append("\" style=\"background-color:")
                .append(CONTEXT_BACKGROUND).append(";border-left:4px solid ").append(ACCENT).append(";\">")
                .append("<tr><td style=\"padding:14px 16px 8px;\"><h2 style=\"margin:0;").append(FONT)
                .append("font-size:16px;line-height:1.5;font-weight:bold;color:").append(ACCENT).append(";\">")
                .append(CONTEXT_HEADING).append("</h2></td></tr>");
        for (String[] line : lines) {
            String value = escape(line[1]);
            if (line[0].equals("Lien direct") && isHttp(consultation.directLink())) {
                value = "<a href=\"" + value + "\" style=\"color:" + ACCENT + ";word-break:break-all;\">" + value
                        + "</a>";
            }
            html.append("<tr><td style=\"").append(cell).append("\"><strong>").append(line[0])
                    .append(" :</strong> ").append(value).append("</td></tr>");
        }
        return html.append("<tr><td style=\"height:8px;line-height:8px;font-size:8px;\">&nbsp;</td></tr></table>")
                .toString();
    }

    private static String contextText(List<String[]> lines) {
        StringBuilder text = new StringBuilder(CONTEXT_HEADING);
        for (String[] line : lines) {
            text.append('\n').append((line[0] + " : " + line[1]).stripTrailing());
        }
        return text.toString();
    }

    private static String footer(String organismName) {
        String sender = isBlank(organismName) ? "" : " par " + oneLine(organismName);
        return "Ce courriel vous est adressé" + sender + " via la messagerie sécurisée de la plate-forme de "
                + "dématérialisation des marchés publics. Merci de ne pas répondre directement à ce courriel.";
    }

    /**
     * The page every client can lay out: nested presentation tables, inline styles with bgcolor beside each CSS
     * background, a card of 100 % width up to {@value #OUTLOOK_WIDTH} px (so that a 375 px phone gets the whole
     * screen), and for Outlook on Windows the same card inside a fixed-width table only it reads. The hidden
     * preheader comes first; the article landmark names the email for screen readers.
     */
    private static String document(String subject, String preheader, String content, String context,
                                   String footer) {
        String title = escape(subject);
        return "<!DOCTYPE html>\n"
                + "<html lang=\"fr\" dir=\"ltr\" xmlns=\"http://www.w3.org/1999/xhtml\" "
                + "xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"x-apple-disable-message-reformatting\">\n"
                + "<title>" + title + "</title>\n"
                + "<!--[if mso]><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch>"
                + "</o:OfficeDocumentSettings></xml><![endif]-->\n</head>\n"
                + "<body bgcolor=\"" + PAGE_BACKGROUND + "\" style=\"margin:0;padding:0;word-spacing:normal;"
                + "background-color:" + PAGE_BACKGROUND + ";\">\n"
                + "<div style=\"display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;"
                + "overflow:hidden;mso-hide:all;\">" + escape(preheader)
                // Blanks after it, so that the preview does not go on with the title repeated.
                + "&#8204;&nbsp;".repeat(40) + "</div>\n"
                + "<div role=\"article\" aria-roledescription=\"courriel\" aria-label=\"" + title + "\" lang=\"fr\" "
                + "dir=\"ltr\">\n"
                + "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                + "bgcolor=\"" + PAGE_BACKGROUND + "\" style=\"background-color:" + PAGE_BACKGROUND + ";\">"
                + "<tr><td align=\"center\" style=\"padding:16px 8px;\">\n"
                + "<!--[if mso]><table role=\"presentation\" width=\"" + OUTLOOK_WIDTH + "\" align=\"center\" "
                + "cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td><![endif]-->\n"
                + "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                + "bgcolor=\"" + CARD_BACKGROUND + "\" style=\"width:100%;max-width:" + OUTLOOK_WIDTH + "px;"
                + "background-color:" + CARD_BACKGROUND + ";border:1px solid #dddddd;\">\n"
                + "<tr><td style=\"padding:24px 24px 8px;" + FONT + "font-size:16px;line-height:1.5;color:"
                + TEXT_COLOUR + ";overflow-wrap:break-word;word-wrap:break-word;\">"
                + "<h1 style=\"margin:0 0 16px;" + FONT + "font-size:20px;line-height:1.3;font-weight:bold;color:"
                + TEXT_COLOUR + ";\">" + title + "</h1>" + content + "</td></tr>\n"
                + "<tr><td style=\"padding:8px 24px 24px;\">" + context + "</td></tr>\n"
                + "<tr><td style=\"padding:16px 24px;border-top:1px solid #dddddd;" + FONT
                + "font-size:13px;line-height:1.5;color:" + MUTED + ";\">" + escape(footer) + "</td></tr>\n"
                + "</table>\n"
                + "<!--[if mso]></td></tr></table><![endif]-->\n"
                + "</td></tr></table>\n</div>\n</body>\n</html>\n";
    }

    private static String paragraph(String html) {
        return "<p style=\"margin:0 0 16px;\">" + html + "</p>";
    }

    private static String join(String... blocks) {
        List<String> kept = new ArrayList<>();
        for (String block : blocks) {
            if (!isBlank(block)) {
                kept.add(block);
            }
        }
        return String.join("\n\n", kept);
    }

    private static String pair(String left, String right) {
        return (orEmpty(left) + " | " + orEmpty(right)).strip();
    }

    private static String oneLine(String value) {
        return value == null ? "" : value.replaceAll("\\s+", " ").strip();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value.strip();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Escapes for text and double-quoted attributes; keeps the apostrophe, which some mail clients show raw. */
    private static String escape(String value) {
        return value == null ? "" : Entities.escape(value).replace("&apos;", "'");
    }

    private static boolean isHttp(String url) {
        if (isBlank(url)) {
            return false;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
