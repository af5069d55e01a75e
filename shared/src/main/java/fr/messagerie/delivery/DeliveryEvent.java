package fr.messagerie.delivery;

import fr.messagerie.files.Evidence;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An append-only fact about a delivery. The id is deterministic (derived from SES's message or feedback id, or
 * from our own request id), so that recording the same fact twice is a no-op.
 *
 * @param attempt 1 for the first send, incremented by each resend
 * @param actor   who caused it: an agent id, the recipient's address, or "SES"
 * @param details evidence data (SES message id, hashes, non-delivery reason in French and in SES's terms…)
 * @param files   the fingerprints of the files the event exchanged (the letter's for "sent", the reply's for
 *                "replied"); empty for the others
 */
public record DeliveryEvent(String id, EventType type, Instant at, int attempt, String actor, Map<String, String> details,
                            List<Evidence.FileFingerprint> files) {

    /** The actor of what the mail service (SES) did or reported. */
    public static final String MAIL_SERVICE = "SES";
    /** The name of the agent who caused the event, as people read it. */
    public static final String AGENT_NAME = "agentName";
    public static final String MESSAGE_ID = "sesMessageId";
    public static final String REASON = "reason";
    public static final String BODY_SHA256 = "bodySha256";
    /** A complaint's feedback type, in the terms of the recipient's provider (abuse, not-spam…), when it gave one. */
    public static final String COMPLAINT_FEEDBACK_TYPE = "complaintFeedbackType";

    /**
     * The order of a delivery's events wherever they are listed (the thread, the proof, the company's pages): by
     * time, then by id, so that two events of the same instant always come in the same order.
     */
    public static final Comparator<DeliveryEvent> ORDER =
            Comparator.comparing(DeliveryEvent::at).thenComparing(DeliveryEvent::id);

    public DeliveryEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** An event that exchanged no file. */
    public DeliveryEvent(String id, EventType type, Instant at, int attempt, String actor, Map<String, String> details) {
        this(id, type, at, attempt, actor, details, List.of());
    }

    /** The events in {@link #ORDER}. */
    public static List<DeliveryEvent> chronological(Collection<DeliveryEvent> events) {
        return events.stream().sorted(ORDER).toList();
    }

    public String detail(String key) {
        return details.get(key);
    }

    /**
     * What happened, as people read it in the thread and the proof: the label of the type, completed for a complaint
     * by its feedback type in French.
     */
    public String label() {
        if (type == EventType.COMPLAINED) {
            String feedback = ComplaintFeedback.describe(details.get(COMPLAINT_FEEDBACK_TYPE));
            if (feedback != null) {
                return type.label() + " (" + feedback + ")";
            }
        }
        return type.label();
    }

    /** Who did it, as people read it: "Technique" for the mail service, the agent's name, or the recipient's address. */
    public String actorLabel() {
        if (MAIL_SERVICE.equals(actor)) {
            return "Technique";
        }
        String agentName = details.get(AGENT_NAME);
        return agentName != null && !agentName.isBlank() ? agentName : actor;
    }
}
