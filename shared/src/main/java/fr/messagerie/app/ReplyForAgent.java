package fr.messagerie.app;

import fr.messagerie.domain.Attachment;
import fr.messagerie.domain.Letter;
import fr.messagerie.domain.Reply;
import fr.messagerie.domain.ReplySealing;

import java.time.Instant;
import java.util.List;

/**
 * A reply as any agent-facing output may show it: while it is sealed, only when it was sent and when it will be
 * readable; its body and files only afterwards.
 */
public record ReplyForAgent(Instant sentAt, boolean sealed, String sealedNotice, String body, List<Attachment> files) {

    public static ReplyForAgent of(Letter letter, Reply reply, Instant now) {
        if (ReplySealing.isSealed(letter.replyOptions(), now)) {
            return new ReplyForAgent(reply.sentAt(), true, ReplySealing.notice(letter.replyOptions()), null, List.of());
        }
        return new ReplyForAgent(reply.sentAt(), false, null, reply.body(), reply.attachments());
    }
}
