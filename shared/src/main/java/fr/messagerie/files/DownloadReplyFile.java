package fr.messagerie.files;

import fr.messagerie.common.Agent;
import fr.messagerie.common.ProblemException;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.letters.Access;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterStore;
import fr.messagerie.recipient.Reply;
import fr.messagerie.recipient.ReplyForAgent;
import fr.messagerie.recipient.ReplyStore;

import java.time.Clock;

/** A short-lived link to a file of a recipient's reply, for an agent of the organism, unless the reply is sealed. */
public final class DownloadReplyFile {
    private final DeliveryStore deliveries;
    private final ReplyStore replies;
    private final LetterStore letters;
    private final FileStore files;
    private final Clock clock;

    public DownloadReplyFile(DeliveryStore deliveries, ReplyStore replies, LetterStore letters, FileStore files,
                             Clock clock) {
        this.deliveries = deliveries;
        this.replies = replies;
        this.letters = letters;
        this.files = files;
        this.clock = clock;
    }

    public String url(Agent agent, String deliveryId, String fileId) {
        Delivery delivery = Access.delivery(agent, deliveries.find(deliveryId));
        Letter letter = letters.find(delivery.letterId()).orElseThrow(Access::letterNotFound);
        Reply reply = replies.reply(deliveryId).orElseThrow(() ->
                ProblemException.notFound("attachment-not-found", "Pièce jointe introuvable."));
        ReplyForAgent visible = ReplyForAgent.of(letter, reply, clock.instant());
        if (visible.sealed()) {
            throw ProblemException.forbidden("reply-sealed", visible.sealedNotice());
        }
        Attachment file = visible.files().stream().filter(f -> f.id().equals(fileId)).findFirst().orElseThrow(() ->
                ProblemException.notFound("attachment-not-found", "Pièce jointe introuvable."));
        return files.presignGet(file.storageKey(), file.fileName(), file.contentType(), FileStore.DOWNLOAD_VALIDITY);
    }
}
