package fr.messagerie.sam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.messagerie.servers.SentEmail;
import fr.messagerie.servers.SesMailbox;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Stands in for SES event publishing: a configuration set sends its events to an SNS topic whose SQS subscription
 * delivers them to the events queue. Events are built in SES's JSON shape and wrapped in SNS's Notification
 * envelope (unless the subscription uses raw message delivery).
 */
public final class SesEventStream {

    public static final String SIMULATOR_DOMAIN = "simulator.amazonses.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String REPORTING_MTA = "a9-12.smtp-out.amazonses.com";

    private final SqsClient sqs;
    private final String queueUrl;
    private final String topicArn;
    private final boolean rawMessageDelivery;
    private final LocalConfig config;
    private final String configurationSetName;
    private final String defaultSource;
    private final SesMailbox mailbox;
    private final Clock clock;

    SesEventStream(SqsClient sqs, String queueUrl, String topicArn, boolean rawMessageDelivery, LocalConfig config,
                   String configurationSetName, String defaultSource, SesMailbox mailbox, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.topicArn = topicArn;
        this.rawMessageDelivery = rawMessageDelivery;
        this.config = config;
        this.configurationSetName = configurationSetName;
        this.defaultSource = defaultSource;
        this.mailbox = mailbox;
        this.clock = clock;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String topicArn() {
        return topicArn;
    }

    /** What SES's mailbox simulator produces for a recipient (labels such as bounce+x@ included). */
    public static List<SesEventKind> mailboxSimulatorOutcome(String recipient) {
        String address = recipient.trim().toLowerCase(Locale.ROOT);
        int lt = address.indexOf('<');
        if (lt >= 0) {
            address = address.substring(lt + 1, address.indexOf('>', lt));
        }
        int at = address.lastIndexOf('@');
        if (at < 0 || !address.substring(at + 1).equals(SIMULATOR_DOMAIN)) {
            return List.of(SesEventKind.DELIVERY);
        }
        String localPart = address.substring(0, at);
        int plus = localPart.indexOf('+');
        return switch (plus < 0 ? localPart : localPart.substring(0, plus)) {
            case "bounce" -> List.of(SesEventKind.HARD_BOUNCE);
            case "complaint" -> List.of(SesEventKind.DELIVERY, SesEventKind.COMPLAINT);
            case "suppressionlist" -> List.of(SesEventKind.SUPPRESSED_BOUNCE);
            default -> List.of(SesEventKind.DELIVERY);
        };
    }

    /**
     * Publishes for every recipient of a sent message what SES would report for it, with the message's tags.
     * Events of one recipient are one second apart, in SES's order.
     */
    public List<PublishedSesEvent> simulate(SentEmail email) {
        List<PublishedSesEvent> published = new ArrayList<>();
        Instant base = clock.instant();
        for (String recipient : email.recipients()) {
            Instant timestamp = base;
            for (SesEventKind kind : mailboxSimulatorOutcome(recipient)) {
                published.add(publish(kind, email, recipient, email.tags(), timestamp));
                timestamp = timestamp.plus(Duration.ofSeconds(1));
            }
        }
        return published;
    }

    /** Publishes one event about a sent message; the message's details come from the mailbox when it is there. */
    public PublishedSesEvent publish(SesEventKind kind, String messageId, String recipient, Map<String, String> tags,
                                     Instant timestamp) {
        Optional<SentEmail> sent = mailbox.find(messageId);
        SentEmail email = sent.orElseGet(() -> new SentEmail(messageId, defaultSource, List.of(), List.of(recipient),
                List.of(), List.of(), "", null, null, List.of(), List.of(), tags, configurationSetName, timestamp));
        return publish(kind, email, recipient, tags, timestamp);
    }

    /** Puts the very same notification on the queue again, as SNS's at-least-once delivery may. */
    public void redeliver(PublishedSesEvent event) {
        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(event.queueBody()));
    }

    private PublishedSesEvent publish(SesEventKind kind, SentEmail email, String recipient, Map<String, String> tags,
                                      Instant timestamp) {
        String sesEvent = write(sesEvent(kind, email, recipient, tags, timestamp));
        String snsMessageId = UUID.randomUUID().toString();
        String body = rawMessageDelivery ? sesEvent : write(snsEnvelope(snsMessageId, sesEvent, timestamp));
        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body));
        return new PublishedSesEvent(kind, email.messageId(), recipient, snsMessageId, sesEvent, body);
    }

    private ObjectNode sesEvent(SesEventKind kind, SentEmail email, String recipient, Map<String, String> tags,
                                Instant timestamp) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventType", kind.eventType());
        String time = ISO_MILLIS.format(timestamp);
        String feedbackId = feedbackId(email.messageId(), kind, recipient);
        switch (kind) {
            case SEND -> event.putObject("send");
            case DELIVERY -> {
                ObjectNode delivery = event.putObject("delivery");
                delivery.put("timestamp", time);
                delivery.put("processingTimeMillis", Math.max(0,
                        Duration.between(email.sentAt(), timestamp).toMillis()));
                delivery.putArray("recipients").add(recipient);
                delivery.put("smtpResponse", "250 2.6.0 Message received");
                delivery.put("reportingMTA", REPORTING_MTA);
                delivery.put("remoteMtaIp", "127.0.0.1");
            }
            case HARD_BOUNCE, SUPPRESSED_BOUNCE, SOFT_BOUNCE -> {
                ObjectNode bounce = event.putObject("bounce");
                bounce.put("bounceType", kind.bounceType());
                bounce.put("bounceSubType", kind.bounceSubType());
                ObjectNode bounced = bounce.putArray("bouncedRecipients").addObject();
                bounced.put("emailAddress", recipient);
                bounced.put("action", "failed");
                bounced.put("status", kind == SesEventKind.SOFT_BOUNCE ? "4.4.7" : "5.1.1");
                bounced.put("diagnosticCode", switch (kind) {
                    case SUPPRESSED_BOUNCE -> "Amazon SES did not send the message to this address because it is on "
                            + "the suppression list for your account.";
                    case SOFT_BOUNCE -> "smtp; 421 4.4.7 Message expired: unable to deliver in 840 minutes";
                    default -> "smtp; 550 5.1.1 user unknown";
                });
                bounce.put("timestamp", time);
                bounce.put("feedbackId", feedbackId);
                bounce.put("reportingMTA", kind == SesEventKind.SUPPRESSED_BOUNCE
                        ? "dns; amazonses.com" : "dsn; " + REPORTING_MTA);
            }
            case COMPLAINT -> {
                ObjectNode complaint = event.putObject("complaint");
                complaint.putArray("complainedRecipients").addObject().put("emailAddress", recipient);
                complaint.put("timestamp", time);
                complaint.put("feedbackId", feedbackId);
                complaint.put("userAgent", "Amazon SES Mailbox Simulator");
                complaint.put("complaintFeedbackType", "abuse");
                complaint.put("arrivalDate", time);
            }
            case DELIVERY_DELAY -> {
                ObjectNode delay = event.putObject("deliveryDelay");
                delay.put("timestamp", time);
                delay.put("delayType", "TransientCommunicationFailure");
                delay.put("expirationTime", ISO_MILLIS.format(email.sentAt().plus(Duration.ofHours(14))));
                ObjectNode delayed = delay.putArray("delayedRecipients").addObject();
                delayed.put("emailAddress", recipient);
                delayed.put("status", "4.4.1");
                delayed.put("diagnosticCode", "smtp; 421 4.4.1 Unable to connect to remote host");
                delay.put("reportingMTA", REPORTING_MTA);
            }
            case REJECT -> event.putObject("reject").put("reason", "Bad content");
            default -> throw new IllegalArgumentException(kind.name());
        }
        event.set("mail", mail(email, tags, kind));
        return event;
    }

    private ObjectNode mail(SentEmail email, Map<String, String> tags, SesEventKind kind) {
        String source = email.from() == null ? defaultSource : email.from();
        List<String> destination = email.recipients();
        ObjectNode mail = JSON.createObjectNode();
        mail.put("timestamp", ISO_MILLIS.format(email.sentAt()));
        mail.put("source", source);
        mail.put("sourceArn", "arn:aws:ses:" + config.region() + ":" + config.accountId() + ":identity/"
                + domainOf(source));
        mail.put("sendingAccountId", config.accountId());
        mail.put("messageId", email.messageId());
        ArrayNode destinations = mail.putArray("destination");
        destination.forEach(destinations::add);
        mail.put("headersTruncated", false);
        ArrayNode headers = mail.putArray("headers");
        addHeader(headers, "From", source);
        addHeader(headers, "To", String.join(", ", email.to()));
        addHeader(headers, "Subject", email.subject());
        addHeader(headers, "MIME-Version", "1.0");
        addHeader(headers, "Content-Type", "multipart/alternative; boundary=\"----=_Part_0_local\"");
        email.headers().forEach(header -> addHeader(headers, header.name(), header.value()));
        ObjectNode common = mail.putObject("commonHeaders");
        common.putArray("from").add(source);
        ArrayNode to = common.putArray("to");
        email.to().forEach(to::add);
        common.put("messageId", email.messageId());
        common.put("subject", email.subject());
        mail.set("tags", tags(email, tags, source, kind));
        return mail;
    }

    /** SES adds its own ses:* tags to the message tags; every value is a list. */
    private ObjectNode tags(SentEmail email, Map<String, String> tags, String source, SesEventKind kind) {
        Map<String, String> all = new LinkedHashMap<>();
        String configurationSet = email.configurationSetName() != null
                ? email.configurationSetName() : configurationSetName;
        if (configurationSet != null) {
            all.put("ses:configuration-set", configurationSet);
        }
        all.put("ses:source-ip", "127.0.0.1");
        all.put("ses:from-domain", domainOf(source));
        all.put("ses:caller-identity", config.stackName());
        if (kind == SesEventKind.DELIVERY) {
            all.put("ses:outgoing-ip", "127.0.0.1");
        }
        all.putAll(tags);
        ObjectNode node = JSON.createObjectNode();
        all.forEach((name, value) -> node.putArray(name).add(value));
        return node;
    }

    private ObjectNode snsEnvelope(String snsMessageId, String message, Instant timestamp) {
        String snsHost = "https://sns." + config.region() + ".amazonaws.com";
        byte[] signature = new byte[256];
        RANDOM.nextBytes(signature);
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", snsMessageId);
        envelope.put("TopicArn", topicArn);
        envelope.put("Subject", "Amazon SES Email Event Notification");
        envelope.put("Message", message);
        envelope.put("Timestamp", ISO_MILLIS.format(timestamp));
        envelope.put("SignatureVersion", "1");
        envelope.put("Signature", Base64.getEncoder().encodeToString(signature));
        envelope.put("SigningCertURL", snsHost + "/SimpleNotificationService-"
                + HexFormat.of().formatHex(signature, 0, 16) + ".pem");
        envelope.put("UnsubscribeURL", snsHost + "/?Action=Unsubscribe&SubscriptionArn=" + topicArn + ":"
                + UUID.nameUUIDFromBytes(topicArn.getBytes(StandardCharsets.UTF_8)));
        return envelope;
    }

    /** Stable per message, event kind and recipient, shaped like SES's feedback ids. */
    private static String feedbackId(String messageId, SesEventKind kind, String recipient) {
        UUID uuid = UUID.nameUUIDFromBytes((messageId + "/" + kind + "/" + recipient).getBytes(StandardCharsets.UTF_8));
        String hex = uuid.toString().replace("-", "");
        return "0107" + hex.substring(0, 12) + "-" + uuid + "-000000";
    }

    private static void addHeader(ArrayNode headers, String name, String value) {
        headers.addObject().put("name", name).put("value", value);
    }

    private static String domainOf(String address) {
        String plain = address.contains("<") ? address.substring(address.indexOf('<') + 1, address.indexOf('>'))
                : address;
        return plain.substring(plain.lastIndexOf('@') + 1);
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
