package fr.messagerie.recipient;

import java.util.Optional;

/** The one reply of each delivery. */
public interface ReplyStore {
    /** Stores the reply of a delivery; false when it already has one. */
    boolean saveReply(Reply reply);

    Optional<Reply> reply(String deliveryId);
}
