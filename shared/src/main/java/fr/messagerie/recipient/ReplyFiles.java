package fr.messagerie.recipient;

import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore;

import java.net.URLConnection;
import java.util.Optional;

/** What the files of a reply share between the form that uploads one and the completion that joins it. */
final class ReplyFiles {
    static final AttachmentStore.Quota QUOTA = new AttachmentStore.Quota(AttachmentRules.MAX_FILES,
            AttachmentRules.REPLY_LIMIT);
    static final String DEFAULT_TYPE = "application/octet-stream";

    private ReplyFiles() {
    }

    /** A form post without JavaScript cannot tell the bucket the file's type: inferred from its name. */
    static String contentType(String fileName) {
        return Optional.ofNullable(URLConnection.guessContentTypeFromName(fileName)).orElse(DEFAULT_TYPE);
    }
}
