package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.DeliveryView;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.recipient.ReplyForAgent;
import fr.messagerie.recipient.ReplyStore;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A letter of the agent's organism with its files and, once sent, its deliveries and the replies they may show. */
public final class ShowLetter {
    private final LetterStore letters;
    private final DeliveryStore deliveries;
    private final ReplyStore replies;
    private final AttachmentStore attachments;
    private final Clock clock;

    public ShowLetter(LetterStore letters, DeliveryStore deliveries, ReplyStore replies, AttachmentStore attachments,
                      Clock clock) {
        this.letters = letters;
        this.deliveries = deliveries;
        this.replies = replies;
        this.attachments = attachments;
        this.clock = clock;
    }

    public LetterDetails show(Agent agent, String letterId) {
        Letter letter = Access.letter(agent, letters.find(letterId));
        List<DeliveryView> views = letter.isDraft() ? List.of() : deliveries.ofLetter(letterId);
        Map<String, ReplyForAgent> visible = new HashMap<>();
        Instant now = clock.instant();
        views.stream().filter(v -> v.status() == DeliveryStatus.REPLY_UNREAD || v.status() == DeliveryStatus.REPLY_READ)
                .forEach(v -> replies.reply(v.delivery().id())
                        .ifPresent(reply -> visible.put(v.delivery().id(), ReplyForAgent.of(letter, reply, now))));
        return new LetterDetails(letter, attachments.ready(AttachmentStore.Owner.letter(letterId)), views, visible);
    }
}
