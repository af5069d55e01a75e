package fr.messagerie.recipient;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the recipient pages show. Built by the handler from the domain; rendered by {@link RecipientPages}. */
final class Pages {
    private Pages() {
    }

    /**
     * The URLs of one recipient's pages. {@code base} is "/r/{token}"; {@code courrier} selects another letter of the
     * same consultation to the same address (null for the letter of the link itself).
     */
    record Links(String base, String courrier) {
        String page() {
            return base + query();
        }

        String open() {
            return base + "/open" + query();
        }

        String reply() {
            return base + "/reply" + query();
        }

        String history() {
            return base + "/history";
        }

        /** The PDF "Preuve des échanges" of this letter. */
        String proof() {
            return base + "/proof" + query();
        }

        String file(String fileId) {
            return base + "/files/" + fileId + query();
        }

        String deleteReplyFile(String fileId) {
            return base + "/reply-files/" + fileId + "/delete" + query();
        }

        /** Another letter of the history. */
        Links courrier(String deliveryId) {
            return new Links(base, deliveryId);
        }

        private String query() {
            return courrier == null ? "" : "?courrier=" + courrier;
        }
    }

    /** "Consultation concernée par cet échange". */
    record ConsultationBlock(String reference, String title, String object, Instant bidDeadline,
                             String organismName, String purchasingEntity, String directLink) {
    }

    /** A file with its size; {@code href} downloads it, {@code deleteAction} (POST) removes it, both may be null. */
    record FileLine(String name, long size, String sha256, String href, String deleteAction) {
    }

    /** The page behind the link before the recipient opens the letter: it records nothing. */
    record LandingPage(Links links, String csrf, ConsultationBlock consultation, String sender, String recipientEmail,
                       String subject, Instant sentAt) {
    }

    /** The letter itself, once opened. */
    record ContentPage(Links links, String csrf, ConsultationBlock consultation, String sender, String recipientEmail,
                       String subject, String bodyHtml, List<FileLine> attachments, Instant sentAt, Instant readAt,
                       ReplySection reply, Instant now) {
    }

    /**
     * @param allowed        the letter accepts a reply
     * @param deadline       "Date limite de réponse", or null
     * @param deadlinePassed replying is closed
     * @param sent           the reply already sent, or null
     * @param upload         the form that uploads one more file straight to the bucket, or null when none can be added
     * @param pendingFiles   files uploaded for the reply being written
     * @param remainingBytes what may still be uploaded (60 Mo in all)
     * @param draftBody      the text typed so far, shown again after an error
     * @param error          a French message about the last action, or null
     * @param notice         a French confirmation about the last action (file added…), or null
     */
    record ReplySection(boolean allowed, Instant deadline, boolean deadlinePassed, SentReply sent, UploadForm upload,
                        List<FileLine> pendingFiles, long remainingBytes, String draftBody, String error,
                        String notice) {
    }

    /** @param beforeDeadline shown as "Réponse envoyée avant la date limite (…)" when there is a deadline */
    record SentReply(String bodyHtml, List<FileLine> files, Instant sentAt, boolean beforeDeadline) {
    }

    /** A multipart form posted directly to the bucket: {@code fields} are hidden inputs, then the file input "file". */
    record UploadForm(String action, Map<String, String> fields, long maxBytes) {
    }

    /** The company's other letters on the same consultation. */
    record HistoryPage(Links links, ConsultationBlock consultation, String recipientEmail, List<HistoryLine> lines) {
    }

    /**
     * @param times   "Envoyé le …", "Délivré le …", "Lu le …", "Répondu le …", or "En attente de lecture"
     * @param excerpt the start of the letter, only once it has been opened
     */
    record HistoryLine(String letterType, String subject, List<String> times, String excerpt, String href,
                       boolean current) {
    }
}
