package fr.messagerie.recipient;

import fr.messagerie.common.ParisTime;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.EventWording;
import fr.messagerie.files.AttachmentRules;
import org.jsoup.nodes.Entities;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Server-side HTML of the recipient's pages (access-link mode). Every page is a complete document without any
 * script, styled by one constant stylesheet that the Content-Security-Policy allows by hash. All dynamic text is
 * escaped, except the letter's and the reply's bodies, which are sanitized HTML inserted as they are.
 */
final class RecipientPages {

    static final String SITE_NAME = "Messagerie sécurisée";
    static final String CONSULTATION_HEADING = "Consultation concernée par cet échange";
    static final String OPEN_BUTTON = "Accéder au contenu du courrier";
    static final String RECEIPT_NOTICE =
            "L'accès au contenu du courrier génère un accusé de réception horodaté, transmis à l'émetteur.";
    static final String HISTORY_LINK = "Vos autres échanges sur cette consultation";
    static final String PROOF_LINK = "Télécharger la preuve des échanges (PDF)";
    static final String INVALID_LINK_TITLE = "Lien invalide ou expiré";

    /** The only styles of the pages; allowed by hash in {@link #contentSecurityPolicy(String)}. Never vary it. */
    static final String STYLESHEET = String.join("\n",
            "*,*::before,*::after{box-sizing:border-box}",
            "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}",
            "body{margin:0;background:#f6f6f6;color:#1e1e1e;font-family:Arial,Helvetica,sans-serif;"
                    + "font-size:1rem;line-height:1.5}",
            ".banner{background:#ffffff;border-bottom:1px solid #dddddd}",
            ".banner p{max-width:48rem;margin:0 auto;padding:.75rem 1rem;font-weight:bold;color:#000091}",
            "main{display:block;max-width:48rem;margin:0 auto;padding:1rem}",
            ".card{background:#ffffff;border:1px solid #dddddd;padding:1rem 1.25rem;margin:0 0 1rem}",
            "h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 1rem;overflow-wrap:anywhere}",
            "h2{font-size:1.25rem;line-height:1.3;margin:0 0 .75rem;color:#000091;overflow-wrap:anywhere}",
            "h3{font-size:1.125rem;margin:1.25rem 0 .25rem}",
            "h4{font-size:1rem;margin:1rem 0 .25rem}",
            "p{margin:0 0 .75rem}",
            "a{color:#000091;text-decoration:underline;overflow-wrap:anywhere}",
            "a:hover{text-decoration-thickness:2px}",
            "a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,"
                    + "[tabindex]:focus-visible{outline:3px solid #0a76f6;outline-offset:2px}",
            "a:focus,button:focus,input:focus,textarea:focus,[tabindex]:focus{outline:3px solid #0a76f6;"
                    + "outline-offset:2px}",
            "a:focus:not(:focus-visible),button:focus:not(:focus-visible),[tabindex]:focus:not(:focus-visible)"
                    + "{outline:none}",
            ".label{font-weight:bold}",
            ".muted{color:#595959}",
            ".time{color:#595959;margin:0 0 .75rem}",
            ".facts p{margin:0 0 .25rem;overflow-wrap:anywhere}",
            ".consultation{background:#f0f3f8;border-left:4px solid #000091}",
            ".body{overflow-wrap:anywhere;border-left:3px solid #dddddd;padding-left:.75rem;margin:.5rem 0 1rem}",
            ".body ul,.body ol{padding-left:1.5rem}",
            ".files{list-style:none;margin:0 0 1rem;padding:0}",
            ".files li{padding:.5rem 0;border-bottom:1px solid #dddddd;overflow-wrap:anywhere}",
            ".files li:last-child{border-bottom:0}",
            ".files form{display:inline;margin-left:.5rem}",
            ".event{border-top:1px solid #dddddd;padding-top:.25rem}",
            ".alert,.status{padding:.75rem 1rem;margin:0 0 1rem;border-left:4px solid}",
            ".alert{background:#ffe9e9;border-color:#ce0500}",
            ".status{background:#e6feda;border-color:#18753c}",
            ".strong{font-weight:bold}",
            "form{margin:0 0 1rem}",
            "label{display:block;font-weight:bold;margin:0 0 .25rem}",
            "input[type=file]{display:block;max-width:100%;margin:0 0 .75rem;font:inherit}",
            "textarea{display:block;width:100%;min-height:12rem;padding:.5rem;font:inherit;color:#1e1e1e;"
                    + "background:#ffffff;border:1px solid #3a3a3a;border-radius:0;margin:0 0 .75rem}",
            "button{font:inherit;font-weight:bold;color:#ffffff;background:#000091;border:2px solid #000091;"
                    + "padding:.5rem 1.25rem;min-height:2.75rem;cursor:pointer;max-width:100%}",
            "button:hover{background:#1212ff;border-color:#1212ff}",
            "button.secondary{color:#000091;background:#ffffff;padding:.25rem .75rem;min-height:2.25rem}",
            "button.secondary:hover{background:#f0f3f8}",
            ".visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
                    + "clip:rect(0,0,0,0);white-space:nowrap;border:0}",
            ".table-wrap{overflow-x:auto;margin:0 0 1rem}",
            "table{width:100%;border-collapse:collapse;background:#ffffff}",
            "caption{text-align:left;font-weight:bold;padding:0 0 .5rem}",
            "th,td{text-align:left;vertical-align:top;padding:.5rem;border:1px solid #dddddd}",
            "thead th{background:#f0f3f8}",
            "tbody th{font-weight:normal}",
            "td p,th p{margin:0 0 .25rem}",
            "@media (max-width:30rem){main{padding:.5rem}.card{padding:.75rem}h1{font-size:1.25rem}"
                    + "th,td{padding:.375rem}}",
            "");

    private static final String STYLE_HASH = "sha256-" + sha256Base64(STYLESHEET);

    /**
     * The only script of the pages (allowed by hash), an enhancement: it refuses a reply file larger than the room
     * left before the bucket would, with the page's own French message. Without it, the page states the limit. It
     * also writes the file's name into the form as an RFC 2047 word: S3 fills that field itself from
     * {@code ${filename}}, but S3-compatible servers that expand it only in the key (s3proxy) would lose the name.
     */
    static final String UPLOAD_CHECK = String.join("\n",
            "(function(){var input=document.getElementById('reply-file');if(!input){return;}",
            "var error=document.getElementById('reply-file-error');var max=Number(input.getAttribute('data-max-bytes'));",
            "function size(b){if(b<1024){return b+' o';}var k=b<1048576;var v=(b/(k?1024:1048576)).toFixed(2)",
            ".replace('.',',').replace(',00','');return v+(k?' Ko':' Mo');}",
            "function check(){var f=input.files&&input.files[0];var tooLarge=!!f&&f.size>max;",
            "error.textContent=tooLarge?input.getAttribute('data-too-large').replace('{nom}',f.name)",
            ".replace('{taille}',size(f.size)):'';error.hidden=!tooLarge;",
            "input.setAttribute('aria-invalid',tooLarge?'true':'false');return !tooLarge;}",
            "var named=input.form.querySelector('input[name=\"x-amz-meta-filename\"]');",
            "function name(){var f=input.files&&input.files[0];if(!named||!f||!window.TextEncoder){return;}",
            "var b=new TextEncoder().encode(f.name);var t='';",
            "for(var i=0;i<b.length;i++){t+=String.fromCharCode(b[i]);}",
            "named.value='=?UTF-8?B?'+btoa(t)+'?=';}",
            "input.addEventListener('change',function(){check();name();});",
            "input.form.addEventListener('submit',function(e){if(!check()){e.preventDefault();input.focus();}"
                    + "else{name();}});})();");

    private static final String SCRIPT_HASH = "sha256-" + sha256Base64(UPLOAD_CHECK);

    private RecipientPages() {
    }

    /**
     * The Content-Security-Policy of every recipient page: nothing but the stylesheet, forms posted to the site or
     * to the upload origin (the bucket, for the direct upload form).
     *
     * @param uploadOrigin "https://bucket.s3.eu-west-3.amazonaws.com" (a path is allowed, as in path-style
     *                     "http://localhost:4566/bucket"), or null when the page has no upload form
     */
    static String contentSecurityPolicy(String uploadOrigin) {
        String formAction = "'self'";
        if (uploadOrigin != null && !uploadOrigin.isBlank()) {
            String origin = uploadOrigin.strip();
            if (!origin.matches("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/\\-]*)?")) {
                throw new IllegalArgumentException("Not an http(s) origin: " + uploadOrigin);
            }
            formAction += " " + origin;
        }
        // style-src-attr: the sanitized bodies keep colours as style attributes (colour declarations only).
        return "default-src 'none'; script-src '" + SCRIPT_HASH + "'; style-src '" + STYLE_HASH
                + "'; style-src-attr 'unsafe-inline'; img-src 'none'; "
                + "form-action " + formAction + "; base-uri 'none'; frame-ancestors 'none'";
    }

    /** The page behind the link: context and one button; it records nothing (mail scanners fetch links). */
    static String landing(Pages.LandingPage page) {
        StringBuilder main = new StringBuilder();
        main.append("<h1>").append(escape(subjectOf(page.subject()))).append("</h1>\n");
        main.append("<section class=\"card\" aria-labelledby=\"letter-heading\">\n")
                .append("<h2 id=\"letter-heading\">Courrier sécurisé</h2>\n<div class=\"facts\">\n");
        fact(main, "Émetteur", page.sender());
        fact(main, "Destinataire", page.recipientEmail());
        if (page.sentAt() != null) {
            main.append("<p><span class=\"label\">").append(EventWording.companyTimeLabel(EventType.SENT))
                    .append("</span> ").append(escape(ParisTime.timestamp(page.sentAt()))).append("</p>\n");
        }
        main.append("</div>\n</section>\n");
        consultation(main, page.consultation());
        main.append("<section class=\"card\" aria-labelledby=\"open-heading\">\n")
                .append("<h2 id=\"open-heading\">Contenu du courrier</h2>\n")
                .append("<p>Vous avez suivi le lien « Accéder au contenu du message » de votre courriel. Pour lire le"
                        + " courrier et ses fichiers joints, cliquez sur « ").append(escape(OPEN_BUTTON))
                .append(" ».</p>\n")
                .append("<p>").append(escape(RECEIPT_NOTICE)).append("</p>\n")
                .append("<form method=\"post\" action=\"").append(escape(page.links().open())).append("\">\n");
        csrf(main, page.csrf());
        main.append("<button type=\"submit\">").append(escape(OPEN_BUTTON)).append("</button>\n</form>\n")
                .append("</section>\n");
        return document(subjectOf(page.subject()), main);
    }

    /** The letter once opened, its read receipt, and the reply (sent, closed or to write). */
    static String content(Pages.ContentPage page) {
        Pages.ReplySection reply = page.reply();
        StringBuilder main = new StringBuilder();
        main.append("<h1>").append(escape(subjectOf(page.subject()))).append("</h1>\n");
        if (reply != null) {
            messages(main, reply.error(), reply.notice());
        }
        main.append("<p><a href=\"").append(escape(page.links().history())).append("\">")
                .append(escape(HISTORY_LINK)).append("</a> · <a href=\"").append(escape(page.links().proof()))
                .append("\">").append(escape(PROOF_LINK)).append("</a></p>\n");

        main.append("<section class=\"card\" aria-labelledby=\"info-heading\">\n")
                .append("<h2 id=\"info-heading\">Informations</h2>\n<div class=\"facts\">\n");
        fact(main, "Émetteur", page.sender());
        fact(main, "Destinataire", page.recipientEmail());
        fact(main, "Objet", page.subject());
        main.append("</div>\n</section>\n");

        main.append("<section class=\"card\" aria-labelledby=\"exchanges-heading\">\n")
                .append("<h2 id=\"exchanges-heading\">Échanges</h2>\n");
        main.append("<h3>").append(EventWording.companyHeading(EventType.SENT)).append("</h3>\n");
        time(main, page.sentAt());
        main.append("<div class=\"body\">").append(page.bodyHtml() == null ? "" : page.bodyHtml()).append("</div>\n");
        files(main, "Fichiers joints", page.attachments(), null);
        if (page.readAt() != null) {
            main.append("<h3 class=\"event\">").append(EventWording.companyHeading(EventType.READ)).append("</h3>\n");
            time(main, page.readAt());
        }
        if (reply != null && reply.allowed()) {
            replySection(main, page, reply);
        }
        main.append("</section>\n");
        consultation(main, page.consultation());
        return document(subjectOf(page.subject()), main);
    }

    /** The company's letters on the same consultation, to the same address. */
    static String history(Pages.HistoryPage page) {
        List<Pages.HistoryLine> lines = page.lines() == null ? List.of() : page.lines();
        StringBuilder main = new StringBuilder();
        main.append("<h1>Liste des messages</h1>\n");
        main.append("<p><a href=\"").append(escape(page.links().page())).append("\">Retour au courrier</a></p>\n");
        consultation(main, page.consultation());
        main.append("<section class=\"card\" aria-labelledby=\"list-heading\">\n")
                .append("<h2 id=\"list-heading\">Courriers reçus");
        if (!isBlank(page.recipientEmail())) {
            main.append(" à l'adresse ").append(escape(page.recipientEmail().strip()));
        }
        main.append("</h2>\n<p>Nombre de résultats : ").append(lines.size()).append("</p>\n");
        if (lines.isEmpty()) {
            main.append("<p>Aucun courrier.</p>\n");
        } else {
            main.append("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"list-caption\" tabindex=\"0\">\n")
                    .append("<table>\n<caption id=\"list-caption\">Courriers de cette consultation, du plus récent au"
                            + " plus ancien</caption>\n")
                    .append("<thead><tr><th scope=\"col\">Dates et événements</th><th scope=\"col\">Objet</th>"
                            + "</tr></thead>\n<tbody>\n");
            for (Pages.HistoryLine line : lines) {
                historyLine(main, line);
            }
            main.append("</tbody>\n</table>\n</div>\n");
        }
        main.append("</section>\n");
        return document("Liste des messages", main);
    }

    /** The same page for unknown, malformed, expired and revoked links: it tells nothing about the token. */
    static String invalidLink() {
        StringBuilder main = new StringBuilder();
        main.append("<h1>").append(INVALID_LINK_TITLE).append("</h1>\n")
                .append("<div class=\"card\">\n")
                .append("<p>Ce lien d'accès au courrier n'est pas valide ou n'est plus valable.</p>\n")
                .append("<p>Il est peut-être incomplet : s'il a été copié depuis le courriel, vérifiez qu'il l'a été"
                        + " en entier. Il a peut-être aussi expiré ou été désactivé.</p>\n")
                .append("<p>Pour obtenir un nouvel accès, contactez l'acheteur qui vous a adressé ce courrier.</p>\n")
                .append("</div>\n");
        return document(INVALID_LINK_TITLE, main);
    }

    /** The page of an unexpected failure. */
    static String unavailable() {
        return message("Service momentanément indisponible",
                "Une erreur inattendue est survenue. Réessayez dans quelques instants.", null);
    }

    /** A simple page ("Réponse refusée"…) with a link back to the letter when {@code back} is not null. */
    static String message(String title, String text, Pages.Links back) {
        String heading = isBlank(title) ? SITE_NAME : title.strip();
        StringBuilder main = new StringBuilder();
        main.append("<h1>").append(escape(heading)).append("</h1>\n<div class=\"card\">\n");
        if (!isBlank(text)) {
            main.append("<p>").append(escape(text.strip())).append("</p>\n");
        }
        if (back != null) {
            main.append("<p><a href=\"").append(escape(back.page())).append("\">Retour au courrier</a></p>\n");
        }
        main.append("</div>\n");
        return document(heading, main);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void replySection(StringBuilder main, Pages.ContentPage page, Pages.ReplySection reply) {
        Pages.SentReply sent = reply.sent();
        if (sent != null) {
            main.append("<h3 class=\"event\">").append(EventWording.companyHeading(EventType.REPLIED))
                    .append("</h3>\n");
            if (sent.sentAt() != null) {
                main.append("<p class=\"time\">Réponse envoyée le ").append(escape(ParisTime.timestamp(sent.sentAt())))
                        .append("</p>\n");
            }
            if (reply.deadline() != null && sent.beforeDeadline()) {
                main.append("<p>Réponse envoyée avant la date limite (")
                        .append(escape(ParisTime.deadline(reply.deadline()))).append(")</p>\n");
            }
            main.append("<div class=\"body\">").append(sent.bodyHtml() == null ? "" : sent.bodyHtml())
                    .append("</div>\n");
            files(main, "Fichiers joints", sent.files(), null);
            return;
        }
        if (reply.deadlinePassed()) {
            main.append("<h3 class=\"event\">").append(EventWording.companyHeading(EventType.REPLIED))
                    .append("</h3>\n<p>La date limite de réponse");
            if (reply.deadline() != null) {
                main.append(" (").append(escape(ParisTime.deadline(reply.deadline()))).append(')');
            }
            main.append(" est dépassée : il n'est plus possible de répondre à ce courrier.</p>\n");
            return;
        }
        main.append("<h3 class=\"event\" id=\"reply-heading\">Répondre au courrier</h3>\n");
        if (reply.deadline() != null) {
            main.append("<p class=\"strong\">Une réponse de votre part est attendue avant le ")
                    .append(escape(ParisTime.deadline(reply.deadline()))).append(".</p>\n");
            if (page.now() != null) {
                main.append("<p>Temps restant pour répondre : ")
                        .append(escape(remaining(page.now(), reply.deadline()))).append("</p>\n");
            }
        }
        main.append("<h4>Pièces jointes</h4>\n")
                .append("<p class=\"muted\">Ajoutez vos pièces jointes avant de rédiger la réponse : le texte saisi"
                        + " n'est pas conservé lors de l'ajout d'un fichier.</p>\n");
        Pages.UploadForm upload = reply.upload();
        if (upload != null) {
            main.append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"")
                    .append(escape(upload.action())).append("\">\n");
            if (upload.fields() != null) {
                for (Map.Entry<String, String> field : upload.fields().entrySet()) {
                    main.append("<input type=\"hidden\" name=\"").append(escape(field.getKey()))
                            .append("\" value=\"").append(escape(field.getValue())).append("\">\n");
                }
            }
            long room = Math.max(0, reply.remainingBytes());
            long used = Math.max(0, AttachmentRules.REPLY_LIMIT - room);
            String limit = escape(AttachmentRules.size(AttachmentRules.REPLY_LIMIT));
            String left = escape(AttachmentRules.size(room));
            String hint = used == 0
                    ? "Taille maximale : " + limit + " pour l'ensemble des pièces jointes de la réponse."
                    : "Taille maximale de ce fichier : " + left + " (" + limit + " au total pour la réponse, dont "
                    + escape(AttachmentRules.size(used)) + " déjà joints).";
            String tooLarge = used == 0
                    ? "Le fichier « {nom} » ({taille}) dépasse la taille maximale des pièces jointes de la réponse : "
                    + limit + " au total. Choisissez un fichier plus petit."
                    : "Le fichier « {nom} » ({taille}) dépasse la place restante pour votre réponse : " + left + " ("
                    + limit + " au total, dont " + escape(AttachmentRules.size(used)) + " déjà joints). Choisissez"
                    + " un fichier plus petit ou retirez une pièce jointe.";
            main.append("<label for=\"reply-file\">Ajouter une pièce jointe</label>\n")
                    .append("<p class=\"muted\" id=\"reply-file-hint\">").append(hint).append("</p>\n")
                    .append("<div class=\"alert\" id=\"reply-file-error\" role=\"alert\" hidden></div>\n")
                    .append("<input type=\"file\" name=\"file\" id=\"reply-file\" required")
                    .append(" aria-describedby=\"reply-file-hint\" data-max-bytes=\"").append(room)
                    .append("\" data-too-large=\"").append(tooLarge).append("\">\n")
                    .append("<button type=\"submit\">Joindre le fichier</button>\n</form>\n")
                    .append("<script>").append(UPLOAD_CHECK).append("</script>\n");
        } else {
            main.append("<p>Aucune pièce jointe supplémentaire ne peut être ajoutée (")
                    .append(escape(AttachmentRules.size(AttachmentRules.REPLY_LIMIT)))
                    .append(" au total, reste : ").append(escape(AttachmentRules.size(Math.max(0,
                            reply.remainingBytes())))).append(").</p>\n");
        }
        List<Pages.FileLine> pending = reply.pendingFiles() == null ? List.of() : reply.pendingFiles();
        if (pending.isEmpty()) {
            main.append("<p>Aucune pièce jointe pour le moment.</p>\n");
        } else {
            files(main, null, pending, page.csrf());
        }
        main.append("<h4>Votre réponse</h4>\n")
                .append("<form method=\"post\" action=\"").append(escape(page.links().reply())).append("\">\n");
        csrf(main, page.csrf());
        main.append("<label for=\"reply-body\">Corps de la réponse</label>\n")
                // The newline keeps a leading newline of the draft: the parser drops the first one.
                .append("<textarea id=\"reply-body\" name=\"body\" rows=\"10\" cols=\"60\">\n")
                .append(escape(reply.draftBody())).append("</textarea>\n");
        if (!pending.isEmpty()) {
            main.append("<p class=\"muted\">Les pièces jointes listées ci-dessus seront envoyées avec la réponse."
                    + "</p>\n");
        }
        main.append("<button type=\"submit\">Envoyer la réponse</button>\n</form>\n");
    }

    /** "dans 7 jours 23 heures 22 minutes": zero units left out, "moins d'une minute" at the end. */
    static String remaining(Instant now, Instant deadline) {
        Duration left = Duration.between(now, deadline);
        if (left.isNegative()) {
            left = Duration.ZERO;
        }
        List<String> parts = new ArrayList<>();
        unit(parts, left.toDays(), "jour");
        unit(parts, left.toHoursPart(), "heure");
        unit(parts, left.toMinutesPart(), "minute");
        return parts.isEmpty() ? "dans moins d'une minute" : "dans " + String.join(" ", parts);
    }

    private static void unit(List<String> parts, long count, String unit) {
        if (count > 0) {
            parts.add(count + " " + unit + (count > 1 ? "s" : ""));
        }
    }

    private static void messages(StringBuilder main, String error, String notice) {
        if (!isBlank(error)) {
            main.append("<div class=\"alert\" role=\"alert\"><p>").append(escape(error.strip()))
                    .append("</p></div>\n");
        }
        if (!isBlank(notice)) {
            main.append("<div class=\"status\" role=\"status\"><p>").append(escape(notice.strip()))
                    .append("</p></div>\n");
        }
    }

    /** A list of files: link (when {@code href}) and size; delete forms when {@code csrf} and a delete action. */
    private static void files(StringBuilder main, String heading, List<Pages.FileLine> files, String csrf) {
        if (files == null || files.isEmpty()) {
            return;
        }
        if (heading != null) {
            main.append("<h4>").append(escape(heading)).append("</h4>\n");
        }
        main.append("<ul class=\"files\">\n");
        for (Pages.FileLine file : files) {
            String name = escape(isBlank(file.name()) ? "Fichier" : file.name());
            main.append("<li>");
            if (file.href() != null) {
                main.append("<a href=\"").append(escape(file.href())).append("\">").append(name).append("</a>");
            } else {
                main.append(name);
            }
            main.append(" <span class=\"muted\">(").append(escape(AttachmentRules.size(file.size())))
                    .append(")</span>");
            if (csrf != null && file.deleteAction() != null) {
                main.append("\n<form method=\"post\" action=\"").append(escape(file.deleteAction())).append("\">");
                csrf(main, csrf);
                main.append("<button type=\"submit\" class=\"secondary\">Supprimer<span class=\"visually-hidden\"> ")
                        .append(name).append("</span></button></form>");
            }
            main.append("</li>\n");
        }
        main.append("</ul>\n");
    }

    private static void historyLine(StringBuilder main, Pages.HistoryLine line) {
        main.append("<tr><td>");
        for (String time : line.times() == null ? List.<String>of() : line.times()) {
            main.append("<p>").append(escape(time)).append("</p>");
        }
        main.append("</td><th scope=\"row\">");
        if (!isBlank(line.letterType())) {
            main.append("<p class=\"strong\">").append(escape(line.letterType().strip())).append("</p>");
        }
        String subject = escape(subjectOf(line.subject()));
        if (line.current() || line.href() == null) {
            main.append("<p>").append(subject);
            if (line.current()) {
                main.append(" <span class=\"muted\">(ce courrier)</span>");
            }
            main.append("</p>");
        } else {
            main.append("<p><a href=\"").append(escape(line.href())).append("\">").append(subject).append("</a></p>");
        }
        if (!isBlank(line.excerpt())) {
            main.append("<p class=\"muted\">").append(escape(line.excerpt().strip())).append("</p>");
        }
        main.append("</th></tr>\n");
    }

    /** "Consultation concernée par cet échange", as in the emails; lines without a value are left out. */
    private static void consultation(StringBuilder main, Pages.ConsultationBlock c) {
        if (c == null) {
            return;
        }
        main.append("<section class=\"card consultation\" aria-labelledby=\"consultation-heading\">\n")
                .append("<h2 id=\"consultation-heading\">").append(CONSULTATION_HEADING).append("</h2>\n")
                .append("<div class=\"facts\">\n");
        fact(main, "Référence | Intitulé", pair(c.reference(), c.title()));
        fact(main, "Objet", c.object());
        if (c.bidDeadline() != null) {
            fact(main, "Date et heure limite de remise des plis", ParisTime.minute(c.bidDeadline()));
        }
        fact(main, "Organisme | Entité d'achat", pair(c.organismName(), c.purchasingEntity()));
        if (!isBlank(c.directLink())) {
            String link = c.directLink().strip();
            main.append("<p><span class=\"label\">Lien direct :</span> ");
            if (isHttp(link)) {
                main.append("<a href=\"").append(escape(link)).append("\" rel=\"noopener noreferrer\">")
                        .append(escape(link)).append("</a>");
            } else {
                main.append(escape(link));
            }
            main.append("</p>\n");
        }
        main.append("</div>\n</section>\n");
    }

    private static void fact(StringBuilder main, String label, String value) {
        if (isBlank(value)) {
            return;
        }
        main.append("<p><span class=\"label\">").append(escape(label)).append(" :</span> ")
                .append(escape(value.strip())).append("</p>\n");
    }

    private static void time(StringBuilder main, Instant instant) {
        if (instant != null) {
            main.append("<p class=\"time\">").append(escape(ParisTime.timestamp(instant))).append("</p>\n");
        }
    }

    private static void csrf(StringBuilder main, String csrf) {
        main.append("<input type=\"hidden\" name=\"csrf\" value=\"").append(escape(csrf)).append("\">\n");
    }

    private static String document(String title, CharSequence main) {
        return "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"referrer\" content=\"same-origin\">\n"
                + "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
                + "<title>" + escape(title) + " - " + SITE_NAME + "</title>\n"
                + "<style>" + STYLESHEET + "</style>\n</head>\n<body>\n"
                + "<header class=\"banner\"><p>" + SITE_NAME + "</p></header>\n"
                + "<main>\n" + main + "</main>\n</body>\n</html>\n";
    }

    private static String pair(String left, String right) {
        boolean hasLeft = !isBlank(left);
        boolean hasRight = !isBlank(right);
        if (hasLeft && hasRight) {
            return left.strip() + " | " + right.strip();
        }
        return hasLeft ? left.strip() : hasRight ? right.strip() : null;
    }

    private static String subjectOf(String subject) {
        return isBlank(subject) ? "Courrier" : subject.replaceAll("\\s+", " ").strip();
    }

    private static boolean isHttp(String link) {
        String lower = link.toLowerCase(Locale.ROOT);
        return (lower.startsWith("https://") || lower.startsWith("http://")) && link.chars().noneMatch(
                ch -> Character.isWhitespace(ch) || Character.isISOControl(ch));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Escapes for text and double-quoted attributes; keeps the apostrophe readable. */
    static String escape(String value) {
        return value == null ? "" : Entities.escape(value).replace("&apos;", "'");
    }

    private static String sha256Base64(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
