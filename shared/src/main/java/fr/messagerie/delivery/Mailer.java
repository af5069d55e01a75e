package fr.messagerie.delivery;

import java.util.List;
import java.util.Map;

/** Sends one email to one recipient. */
public interface Mailer {

    /**
     * @return the message id given by the mail service
     * @throws MailRejectedException when the service refuses this email for good (retrying cannot help)
     * @throws MailThrottledException when the service asks to slow down or has paused sending: nothing was sent
     */
    String send(OutgoingEmail email);

    /** @param tags our ids, returned by the mail service in every event about this email */
    record OutgoingEmail(String to, String subject, String html, String text, List<FileContent> attachments,
                         Map<String, String> tags) {
    }

    record FileContent(String fileName, String contentType, byte[] bytes) {
    }

    final class MailRejectedException extends RuntimeException {
        private final String serviceCode;

        public MailRejectedException(String serviceCode, String message) {
            super(message);
            this.serviceCode = serviceCode;
        }

        public String serviceCode() {
            return serviceCode;
        }
    }

    /** The mail service sends nothing for now (sending rate or quota exceeded, sending paused): try again later. */
    final class MailThrottledException extends RuntimeException {
        private final String serviceCode;

        public MailThrottledException(String serviceCode, String message) {
            super(message);
            this.serviceCode = serviceCode;
        }

        public String serviceCode() {
            return serviceCode;
        }
    }
}
