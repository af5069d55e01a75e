package fr.messagerie.sesevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.MessageTags;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the body of one message of the SES events queue: an SNS envelope, a raw SES event (SNS raw message
 * delivery) or an EventBridge event, and maps the SES event to a {@link DeliveryEvent}.
 *
 * <p>Works on JSON trees, so unknown fields are always tolerated. Event ids derive from SES's own ids (message id,
 * feedback id, event timestamp), never from the envelope, so the same SES event gives the same id whatever the
 * route it took and however often it is delivered.
 */
public final class SesNotificationParser {


    // Detail keys, in SES's own terms, next to DeliveryEvent.MESSAGE_ID and DeliveryEvent.REASON.
    public static final String SMTP_RESPONSE = "smtpResponse";
    public static final String REPORTING_MTA = "reportingMTA";
    public static final String REMOTE_MTA_IP = "remoteMtaIp";
    public static final String PROCESSING_TIME_MILLIS = "processingTimeMillis";
    public static final String RECIPIENT = "recipient";
    public static final String BOUNCE_TYPE = "bounceType";
    public static final String BOUNCE_SUB_TYPE = "bounceSubType";
    public static final String DIAGNOSTIC_CODE = "diagnosticCode";
    public static final String STATUS = "status";
    public static final String ACTION = "action";
    public static final String FEEDBACK_ID = "feedbackId";
    public static final String COMPLAINT_FEEDBACK_TYPE = DeliveryEvent.COMPLAINT_FEEDBACK_TYPE;
    public static final String COMPLAINT_SUB_TYPE = "complaintSubType";
    /** The complaint subtype by which SES says it did not send the message (address on the suppression list). */
    public static final String ON_ACCOUNT_SUPPRESSION_LIST = "OnAccountSuppressionList";
    public static final String SES_REJECT_REASON = "sesRejectReason";
    public static final String ERROR_MESSAGE = "errorMessage";
    public static final String TEMPLATE_NAME = "templateName";
    public static final String DELAY_TYPE = "delayType";
    public static final String EXPIRATION_TIME = "expirationTime";

    /** EventBridge detail-types of SES sending events, with the SES event type each carries. */
    private static final Map<String, String> EVENTBRIDGE_TYPES = Map.of(
            "Email Sent", "Send",
            "Email Delivered", "Delivery",
            "Email Bounced", "Bounce",
            "Email Complaint Received", "Complaint",
            "Email Rejected", "Reject",
            "Email Rendering Failed", "RenderingFailure",
            "Email Delivery Delayed", "DeliveryDelay",
            "Email Opened", "Open",
            "Email Clicked", "Click",
            "Email Subscribed", "Subscription");

    /**
     * The plain-text message SES publishes to the topic when an SNS event destination is created or updated, to check
     * that it may publish there: not JSON, and about no message.
     */
    public static final String SES_DESTINATION_VALIDATION =
            "Successfully validated SNS topic for Amazon SES event publishing.";

    /** SES event types that are about a message but that we never record (Open/Click are not read receipts). */
    private static final Set<String> NOT_RECORDED = Set.of("Send", "Open", "Click", "Subscription");

    private final ObjectReader reader;

    public SesNotificationParser(ObjectMapper mapper) {
        this.reader = Objects.requireNonNull(mapper, "mapper").reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * @throws MalformedNotificationException when the body is not JSON, is none of the accepted shapes, or is an
     *                                        SES event we map but lacks what the mapping needs
     */
    public SesNotification parse(String sqsMessageBody) {
        // With raw message delivery, SNS hands the setup message over as the whole body.
        if (isDestinationValidation(sqsMessageBody)) {
            return new SesNotification.Ignored("SES event destination setup message (raw delivery)");
        }
        JsonNode root = readObject(sqsMessageBody, "SQS message body");
        if (root.hasNonNull("Type")) {
            return fromSns(root);
        }
        if (root.has("detail-type") && root.has("source")) {
            return fromEventBridge(root);
        }
        if (isSesEvent(root)) {
            return fromSesEvent(root, null);
        }
        throw new MalformedNotificationException("Neither an SNS envelope, an EventBridge event nor an SES event");
    }

    private SesNotification fromSns(JsonNode envelope) {
        String type = envelope.path("Type").asText();
        String topic = " on topic " + envelope.path("TopicArn").asText("?");
        switch (type) {
            case "SubscriptionConfirmation", "UnsubscribeConfirmation" -> {
                // The queue's subscription is confirmed by the deployment itself; nothing to do here.
                return new SesNotification.Ignored("SNS " + type + topic);
            }
            case "Notification" -> {
                JsonNode message = envelope.get("Message");
                if (message == null || !message.isTextual()) {
                    throw new MalformedNotificationException("SNS notification without a Message string");
                }
                if (isDestinationValidation(message.asText())) {
                    return new SesNotification.Ignored("SES event destination setup message" + topic);
                }
                JsonNode inner = readObject(message.asText(), "SNS Message");
                if (inner.has("detail-type") && inner.has("source")) {
                    return fromEventBridge(inner);
                }
                if (isSesEvent(inner)) {
                    return fromSesEvent(inner, null);
                }
                throw new MalformedNotificationException("SNS Message is not an SES event");
            }
            default -> throw new MalformedNotificationException("Unknown SNS message type: " + type);
        }
    }

    private SesNotification fromEventBridge(JsonNode event) {
        String source = event.path("source").asText();
        String detailType = event.path("detail-type").asText();
        if (!"aws.ses".equals(source)) {
            throw new MalformedNotificationException("EventBridge event from " + source + ", not aws.ses");
        }
        String sesType = EVENTBRIDGE_TYPES.get(detailType);
        if (sesType == null) {
            return new SesNotification.Ignored("SES EventBridge event not about a message: " + detailType);
        }
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new MalformedNotificationException("EventBridge " + detailType + " without a detail object");
        }
        return fromSesEvent(detail, sesType);
    }

    private static boolean isDestinationValidation(String text) {
        return text != null && text.strip().equals(SES_DESTINATION_VALIDATION);
    }

    /** An SES record: typed and about a mail; the types we never record are accepted even without their mail. */
    private static boolean isSesEvent(JsonNode node) {
        JsonNode type = node.path("eventType").isTextual() ? node.path("eventType") : node.path("notificationType");
        return type.isTextual() && (node.path("mail").isObject() || NOT_RECORDED.contains(type.asText()));
    }

    /** @param fallbackType the type implied by the envelope, used when the event itself does not say */
    private SesNotification fromSesEvent(JsonNode event, String fallbackType) {
        String type = text(event, "eventType");
        if (type == null) {
            type = text(event, "notificationType");
        }
        if (type == null) {
            type = fallbackType;
        }
        if (type == null) {
            throw new MalformedNotificationException("SES event without eventType or notificationType");
        }
        // "Rendering Failure" in SNS records, "RenderingFailure" in the API and some documents.
        String kind = type.replace(" ", "");
        if (!isMapped(kind)) {
            return new SesNotification.Ignored("SES " + type + " event for message "
                    + text(event.path("mail"), "messageId") + ": not recorded");
        }
        JsonNode mail = event.path("mail");
        if (!mail.isObject()) {
            throw new MalformedNotificationException("SES " + type + " event without a mail object");
        }
        JsonNode tags = mail.path("tags");
        String deliveryId = firstTagValue(tags, MessageTags.DELIVERY_ID);
        if (deliveryId == null || deliveryId.isBlank()) {
            // Not sent by us through the configuration set (identity notifications, another sender…): nothing to
            // record it on, and retrying would not change that.
            return new SesNotification.Ignored("SES " + type + " event for message " + text(mail, "messageId")
                    + " without a deliveryId tag: not attributable");
        }
        String messageId = text(mail, "messageId");
        if (messageId == null || messageId.isBlank()) {
            throw new MalformedNotificationException("SES " + type + " event without mail.messageId");
        }
        int attempt = attempt(firstTagValue(tags, MessageTags.ATTEMPT));
        Mapped mapped = switch (kind) {
            case "Delivery" -> delivery(event, messageId);
            case "Bounce" -> bounce(event, messageId);
            case "Complaint" -> complaint(event, messageId);
            case "Reject" -> reject(event, mail, messageId);
            case "RenderingFailure" -> renderingFailure(event, mail, messageId);
            case "DeliveryDelay" -> deliveryDelay(event, messageId);
            default -> throw new IllegalStateException(kind);
        };
        mapped.details().put(DeliveryEvent.MESSAGE_ID, messageId);
        DeliveryEvent deliveryEvent =
                new DeliveryEvent(mapped.id(), mapped.type(), mapped.at(), attempt, DeliveryEvent.MAIL_SERVICE, mapped.details());
        return new SesNotification.Feedback(messageId, deliveryId, deliveryEvent);
    }

    private static boolean isMapped(String kind) {
        return switch (kind) {
            case "Delivery", "Bounce", "Complaint", "Reject", "RenderingFailure", "DeliveryDelay" -> true;
            default -> false;
        };
    }

    /** @param details mutable until the DeliveryEvent copies it */
    private record Mapped(String id, EventType type, Instant at, Map<String, String> details) {
    }

    private static Mapped delivery(JsonNode event, String messageId) {
        JsonNode delivery = section(event, "delivery");
        Instant at = instant(delivery, "timestamp", "delivery.timestamp");
        Map<String, String> details = new LinkedHashMap<>();
        copy(delivery, SMTP_RESPONSE, details);
        copy(delivery, REPORTING_MTA, details);
        copy(delivery, REMOTE_MTA_IP, details);
        copy(delivery, PROCESSING_TIME_MILLIS, details);
        return new Mapped("ses:" + messageId + ":delivery", EventType.DELIVERED, at, details);
    }

    private static Mapped bounce(JsonNode event, String messageId) {
        JsonNode bounce = section(event, "bounce");
        Instant at = instant(bounce, "timestamp", "bounce.timestamp");
        String bounceType = text(bounce, BOUNCE_TYPE);
        String bounceSubType = text(bounce, BOUNCE_SUB_TYPE);
        Map<String, String> details = new LinkedHashMap<>();
        // SES publishes a transient bounce only once it has stopped retrying: every Bounce is final.
        details.put(DeliveryEvent.REASON, NonDeliveryReasons.bounce(bounceType, bounceSubType));
        copy(bounce, BOUNCE_TYPE, details);
        copy(bounce, BOUNCE_SUB_TYPE, details);
        JsonNode recipient = bounce.path("bouncedRecipients").path(0);
        copy(recipient, "emailAddress", RECIPIENT, details);
        copy(recipient, DIAGNOSTIC_CODE, details);
        copy(recipient, STATUS, details);
        copy(recipient, ACTION, details);
        copy(bounce, FEEDBACK_ID, details);
        copy(bounce, REPORTING_MTA, details);
        copy(bounce, REMOTE_MTA_IP, details);
        return new Mapped(feedbackEventId(bounce, messageId, "bounce", at), EventType.BOUNCED, at, details);
    }

    /**
     * A Complaint is about a mail SES delivered and the recipient then marked as spam: an event of the exchange, never a
     * non-delivery. The one exception is the subtype {@code OnAccountSuppressionList}, by which SES says it did not
     * even try to send: that one is a non-delivery, like SES's suppressed bounces.
     */
    private static Mapped complaint(JsonNode event, String messageId) {
        JsonNode complaint = section(event, "complaint");
        Instant at = instant(complaint, "timestamp", "complaint.timestamp");
        boolean notSent = ON_ACCOUNT_SUPPRESSION_LIST.equals(text(complaint, COMPLAINT_SUB_TYPE));
        Map<String, String> details = new LinkedHashMap<>();
        if (notSent) {
            details.put(DeliveryEvent.REASON, NonDeliveryReasons.suppressedAfterComplaint());
        }
        copy(complaint, COMPLAINT_FEEDBACK_TYPE, details);
        copy(complaint, COMPLAINT_SUB_TYPE, details);
        copy(complaint, FEEDBACK_ID, details);
        copy(complaint.path("complainedRecipients").path(0), "emailAddress", RECIPIENT, details);
        return new Mapped(feedbackEventId(complaint, messageId, "complaint", at),
                notSent ? EventType.BOUNCED : EventType.COMPLAINED, at, details);
    }

    /** SES's feedback id names one bounce or complaint; without it, the message, the kind and SES's timestamp do. */
    private static String feedbackEventId(JsonNode feedback, String messageId, String kind, Instant at) {
        String feedbackId = text(feedback, FEEDBACK_ID);
        return feedbackId != null && !feedbackId.isBlank()
                ? "ses:" + feedbackId
                : "ses:" + messageId + ":" + kind + ":" + at;
    }

    private static Mapped reject(JsonNode event, JsonNode mail, String messageId) {
        // A Reject carries no timestamp of its own: SES rejects at sending time.
        Instant at = instant(mail, "timestamp", "mail.timestamp");
        Map<String, String> details = new LinkedHashMap<>();
        details.put(DeliveryEvent.REASON, NonDeliveryReasons.reject());
        copy(event.path("reject"), "reason", SES_REJECT_REASON, details);
        return new Mapped("ses:" + messageId + ":reject", EventType.REJECTED, at, details);
    }

    private static Mapped renderingFailure(JsonNode event, JsonNode mail, String messageId) {
        Instant at = instant(mail, "timestamp", "mail.timestamp");
        Map<String, String> details = new LinkedHashMap<>();
        details.put(DeliveryEvent.REASON, NonDeliveryReasons.renderingFailure());
        JsonNode failure = event.path("failure");
        copy(failure, ERROR_MESSAGE, details);
        copy(failure, TEMPLATE_NAME, details);
        return new Mapped("ses:" + messageId + ":rendering", EventType.REJECTED, at, details);
    }

    private static Mapped deliveryDelay(JsonNode event, String messageId) {
        JsonNode delay = section(event, "deliveryDelay");
        Instant at = instant(delay, "timestamp", "deliveryDelay.timestamp");
        String delayType = text(delay, DELAY_TYPE);
        Map<String, String> details = new LinkedHashMap<>();
        details.put(DeliveryEvent.REASON, NonDeliveryReasons.delay(delayType));
        copy(delay, DELAY_TYPE, details);
        copy(delay, EXPIRATION_TIME, details);
        JsonNode recipient = delay.path("delayedRecipients").path(0);
        copy(recipient, "emailAddress", RECIPIENT, details);
        copy(recipient, STATUS, details);
        copy(recipient, DIAGNOSTIC_CODE, details);
        copy(delay, REPORTING_MTA, details);
        return new Mapped("ses:" + messageId + ":delay:" + at, EventType.DELAYED, at, details);
    }

    private JsonNode readObject(String json, String what) {
        if (json == null) {
            throw new MalformedNotificationException(what + " is missing");
        }
        JsonNode node;
        try {
            node = reader.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedNotificationException(what + " is not JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedNotificationException(what + " is not a JSON object");
        }
        return node;
    }

    private static JsonNode section(JsonNode event, String name) {
        JsonNode section = event.get(name);
        if (section == null || !section.isObject()) {
            throw new MalformedNotificationException("SES event without its " + name + " object");
        }
        return section;
    }

    /** SES's own timestamp of the event; without it the event cannot be dated, and processing time would be a lie. */
    private static Instant instant(JsonNode node, String field, String path) {
        String value = text(node, field);
        if (value == null) {
            throw new MalformedNotificationException("SES event without " + path);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedNotificationException("Unreadable " + path + ": " + value, e);
        }
    }

    private static String firstTagValue(JsonNode tags, String name) {
        JsonNode value = tags.path(name);
        if (value.isArray()) {
            value = value.path(0);
        }
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static int attempt(String value) {
        if (value == null) {
            return 1;
        }
        try {
            int attempt = Integer.parseInt(value.trim());
            return attempt >= 1 ? attempt : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static void copy(JsonNode node, String field, Map<String, String> details) {
        copy(node, field, field, details);
    }

    private static void copy(JsonNode node, String field, String key, Map<String, String> details) {
        String value = text(node, field);
        if (value != null) {
            details.put(key, value);
        }
    }
}
