package fr.messagerie.sam;

/** An SES event put on the events queue: {@code queueBody} is exactly what the queue holds (SNS envelope). */
public record PublishedSesEvent(SesEventKind kind, String sesMessageId, String recipient, String snsMessageId,
                                String sesEventJson, String queueBody) {
}
