package fr.messagerie.sesevents;

/** The message body is not an SES notification we can read: it must go to the dead-letter queue, never be dropped. */
public final class MalformedNotificationException extends RuntimeException {

    public MalformedNotificationException(String message) {
        super(message);
    }

    public MalformedNotificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
