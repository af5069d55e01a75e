package fr.messagerie.sam;

/** The SES events the local stream can publish, with SES's eventType and, for bounces, type and subtype. */
public enum SesEventKind {
    SEND("Send", null, null),
    DELIVERY("Delivery", null, null),
    /** Permanent/General: the mailbox does not exist. */
    HARD_BOUNCE("Bounce", "Permanent", "General"),
    /** Permanent/OnAccountSuppressionList: SES did not even try. */
    SUPPRESSED_BOUNCE("Bounce", "Permanent", "OnAccountSuppressionList"),
    /** Transient/General: SES gave up after retrying. */
    SOFT_BOUNCE("Bounce", "Transient", "General"),
    COMPLAINT("Complaint", null, null),
    DELIVERY_DELAY("DeliveryDelay", null, null),
    REJECT("Reject", null, null);

    private final String eventType;
    private final String bounceType;
    private final String bounceSubType;

    SesEventKind(String eventType, String bounceType, String bounceSubType) {
        this.eventType = eventType;
        this.bounceType = bounceType;
        this.bounceSubType = bounceSubType;
    }

    public String eventType() {
        return eventType;
    }

    public String bounceType() {
        return bounceType;
    }

    public String bounceSubType() {
        return bounceSubType;
    }
}
