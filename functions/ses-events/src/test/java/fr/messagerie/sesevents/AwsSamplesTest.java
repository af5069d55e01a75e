package fr.messagerie.sesevents;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryLog;
import fr.messagerie.delivery.DeliveryProjection;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.MessageTags;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.letters.Recipient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static fr.messagerie.sesevents.SesNotificationParser.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * AWS's own samples ({@code events/ses/}, see its README) fed through the real handler: SQS record → SNS envelope, raw
 * body or EventBridge event → parser → recording use case. The samples are never edited; the envelopes and our
 * message tags are added by the named steps at the end of this class.
 */
class AwsSamplesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The message id of every event-publishing sample. */
    private static final String SAMPLE_MESSAGE_ID = "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000";
    private static final String DELIVERY_ID = "dlv-aws-sample";

    private final FakeDeliveryLog store = new FakeDeliveryLog(DELIVERY_ID);
    private final SesEventsHandler handler = new SesEventsHandler(new RecordDeliveryEvent(store));
    private final List<LogRecord> logs = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger(SesEventsHandler.class.getName()).addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger(SesEventsHandler.class.getName()).removeHandler(capture);
    }

    /** How an SES record reaches the queue: the three routes our parser accepts. */
    enum Route {
        SNS_ENVELOPE, RAW_DELIVERY, EVENTBRIDGE
    }

    @Nested
    class EventPublishingRecords {

        @ParameterizedTest
        @EnumSource(Route.class)
        void bounce(Route route) {
            DeliveryEvent event = recordedTagged("event-publishing-bounce.json", "Email Bounced", route);

            assertEquals(EventType.BOUNCED, event.type());
            assertEquals(Instant.parse("2017-08-05T00:41:02.669Z"), event.at(), "bounce.timestamp");
            assertEquals("ses:01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000", event.id());
            assertEquals("Adresse refusée par le serveur de messagerie du destinataire (rejet définitif).",
                    event.detail(DeliveryEvent.REASON));
            assertEquals("Permanent", event.detail(BOUNCE_TYPE));
            assertEquals("General", event.detail(BOUNCE_SUB_TYPE));
            assertEquals("smtp; 550 5.1.1 user unknown", event.detail(DIAGNOSTIC_CODE));
            assertEquals("recipient@example.com", event.detail(RECIPIENT));
            assertEquals("dsn; mta.example.com", event.detail(REPORTING_MTA));
        }

        @ParameterizedTest
        @EnumSource(Route.class)
        void complaintIsAnEventNotANonDelivery(Route route) {
            DeliveryEvent event = recordedTagged("event-publishing-complaint.json", "Email Complaint Received", route);

            assertEquals(EventType.COMPLAINED, event.type());
            assertFalse(event.type().isFailure());
            assertEquals(Instant.parse("2017-08-05T00:41:02.669Z"), event.at(), "complaint.timestamp");
            assertEquals("ses:01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000", event.id());
            assertNull(event.detail(DeliveryEvent.REASON));
            assertEquals("abuse", event.detail(COMPLAINT_FEEDBACK_TYPE));
            assertEquals("Courrier signalé comme indésirable par le destinataire (courrier non sollicité ou abusif)",
                    event.label());
        }

        @ParameterizedTest
        @EnumSource(Route.class)
        void delivery(Route route) {
            DeliveryEvent event = recordedTagged("event-publishing-delivery.json", "Email Delivered", route);

            assertEquals(EventType.DELIVERED, event.type());
            assertEquals(Instant.parse("2016-10-19T23:21:04.133Z"), event.at(), "delivery.timestamp");
            assertEquals("ses:" + SAMPLE_MESSAGE_ID + ":delivery", event.id());
            assertEquals("250 2.6.0 Message received", event.detail(SMTP_RESPONSE));
            assertEquals("mta.example.com", event.detail(REPORTING_MTA));
            assertEquals("11893", event.detail(PROCESSING_TIME_MILLIS));
            assertNull(event.detail(DeliveryEvent.REASON));
        }

        @ParameterizedTest
        @EnumSource(Route.class)
        void rejectIsDatedBySendingTime(Route route) {
            DeliveryEvent event = recordedTagged("event-publishing-reject.json", "Email Rejected", route);

            assertEquals(EventType.REJECTED, event.type());
            assertEquals(Instant.parse("2016-10-14T17:38:15.211Z"), event.at(), "mail.timestamp");
            assertEquals("Envoi refusé par le service d'envoi : le courrier contient un virus.",
                    event.detail(DeliveryEvent.REASON));
            assertEquals("Bad content", event.detail(SES_REJECT_REASON));
        }

        @ParameterizedTest
        @EnumSource(Route.class)
        void renderingFailure(Route route) {
            DeliveryEvent event = recordedTagged("event-publishing-rendering-failure.json", "Email Rendering Failed",
                    route);

            assertEquals(EventType.REJECTED, event.type());
            assertEquals(Instant.parse("2018-01-22T18:43:06.197Z"), event.at(), "mail.timestamp");
            assertEquals(NonDeliveryReasons.renderingFailure(), event.detail(DeliveryEvent.REASON));
            assertEquals("Attribute 'attributeName' is not present in the rendering data.",
                    event.detail(ERROR_MESSAGE));
            assertEquals("MyTemplate", event.detail(TEMPLATE_NAME));
        }

        @ParameterizedTest
        @EnumSource(Route.class)
        void deliveryDelayKeepsTheDeliveryInProgress(Route route) {
            DeliveryEvent event = recordedTagged("event-publishing-delivery-delay.json", "Email Delivery Delayed",
                    route);

            assertEquals(EventType.DELAYED, event.type());
            assertFalse(event.type().isFailure());
            assertEquals(Instant.parse("2020-06-16T00:25:40.095Z"), event.at(), "deliveryDelay.timestamp");
            assertEquals("Remise retardée : échec temporaire de communication avec le serveur du destinataire, "
                    + "le service d'envoi réessaie.", event.detail(DeliveryEvent.REASON));
            assertEquals("TransientCommunicationFailure", event.detail(DELAY_TYPE));
            assertEquals("2020-06-16T00:25:40.914Z", event.detail(EXPIRATION_TIME));
            assertEquals("smtp; 421 4.4.1 Unable to connect to remote host", event.detail(DIAGNOSTIC_CODE));
        }

        @ParameterizedTest
        @ValueSource(strings = {"event-publishing-send.json|Email Sent", "event-publishing-open.json|Email Opened",
                "event-publishing-click.json|Email Clicked"})
        void sendOpenAndClickAreAcknowledgedAndNeverRecordedEvenWithOurTags(String sample) {
            String[] parts = sample.split("\\|");
            for (Route route : Route.values()) {
                String record = fixture(parts[0]);
                assertAcknowledgedWithoutRecording(body(route, parts[1], record), SAMPLE_MESSAGE_ID);
                assertAcknowledgedWithoutRecording(body(route, parts[1], withOurTags(record, DELIVERY_ID, "2")),
                        "not recorded");
            }
        }

        /** The samples as published carry no tag of ours: nothing to record them on, and retrying cannot help. */
        @ParameterizedTest
        @ValueSource(strings = {"event-publishing-bounce.json|Email Bounced",
                "event-publishing-complaint.json|Email Complaint Received",
                "event-publishing-delivery.json|Email Delivered", "event-publishing-reject.json|Email Rejected",
                "event-publishing-rendering-failure.json|Email Rendering Failed",
                "event-publishing-delivery-delay.json|Email Delivery Delayed"})
        void asPublishedWithoutOurTagsTheyAreAcknowledgedAndLogged(String sample) {
            String[] parts = sample.split("\\|");
            for (Route route : Route.values()) {
                assertAcknowledgedWithoutRecording(body(route, parts[1], fixture(parts[0])), SAMPLE_MESSAGE_ID);
                LogRecord line = logs.get(logs.size() - 1);
                assertTrue(line.getMessage().contains("without a deliveryId tag"), line.getMessage());
            }
        }

        @Test
        void theThreeRoutesOfOneRecordGiveTheSameEvent() {
            for (String sample : List.of("event-publishing-bounce.json", "event-publishing-delivery.json")) {
                String record = withOurTags(fixture(sample), DELIVERY_ID, "2");
                List<DeliveryEvent> events = new ArrayList<>();
                for (Route route : Route.values()) {
                    store.events.clear();
                    assertNoFailure(handle(body(route, sample.contains("bounce") ? "Email Bounced" : "Email Delivered",
                            record)));
                    events.add(store.single());
                }
                assertEquals(1, events.stream().distinct().count(), () -> "same event by every route: " + events);
            }
        }

        @Test
        void aRecordForADeliveryWeDoNotKnowIsAcknowledged() {
            String record = withOurTags(fixture("event-publishing-bounce.json"), "dlv-unknown", "1");
            assertNoFailure(handle(body(Route.SNS_ENVELOPE, "Email Bounced", record)));
            assertTrue(store.events.isEmpty());
        }
    }

    @Nested
    class IdentityNotifications {

        @ParameterizedTest
        @ValueSource(strings = {"notification-bounce-with-dsn.json", "notification-bounce-without-dsn.json",
                "notification-complaint-with-feedback-report.json",
                "notification-complaint-without-feedback-report.json", "notification-delivery.json"})
        void identityNotificationsCarryNoTagsAndAreAcknowledged(String sample) {
            String messageId = read(fixture(sample)).path("mail").path("messageId").asText();
            assertAcknowledgedWithoutRecording(snsEnvelope(fixture(sample)), messageId);
            assertAcknowledgedWithoutRecording(fixture(sample), messageId);
        }

        @Test
        void bounceWithADsn() {
            DeliveryEvent event = recordedTagged("notification-bounce-with-dsn.json", null, Route.SNS_ENVELOPE);

            assertEquals(EventType.BOUNCED, event.type());
            assertEquals(Instant.parse("2016-01-27T14:59:38.237Z"), event.at());
            assertEquals("ses:00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000", event.id());
            assertEquals("00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000",
                    event.detail(DeliveryEvent.MESSAGE_ID), "SES's message id, not the custom Message-ID header");
            assertEquals("smtp; 550 5.1.1 <jane@example.com>... User", event.detail(DIAGNOSTIC_CODE));
            assertEquals("dns; email.example.com", event.detail(REPORTING_MTA));
            assertEquals("127.0.2.0", event.detail(REMOTE_MTA_IP));
            assertEquals(NonDeliveryReasons.bounce("Permanent", "General"), event.detail(DeliveryEvent.REASON));
        }

        @Test
        void bounceWithoutADsn() {
            DeliveryEvent event = recordedTagged("notification-bounce-without-dsn.json", null, Route.RAW_DELIVERY);

            assertEquals(EventType.BOUNCED, event.type());
            assertEquals(Instant.parse("2016-01-27T14:59:38.237Z"), event.at());
            assertEquals("jane@example.com", event.detail(RECIPIENT));
            assertNull(event.detail(DIAGNOSTIC_CODE));
            assertEquals(NonDeliveryReasons.bounce("Permanent", "General"), event.detail(DeliveryEvent.REASON));
        }

        @Test
        void complaintWithAFeedbackReport() {
            DeliveryEvent event = recordedTagged("notification-complaint-with-feedback-report.json", null,
                    Route.SNS_ENVELOPE);

            assertEquals(EventType.COMPLAINED, event.type());
            assertEquals(Instant.parse("2016-01-27T14:59:38.237Z"), event.at());
            assertEquals("ses:000001378603177f-18c07c78-fa81-4a58-9dd1-fedc3cb8f49a-000000", event.id());
            assertEquals("abuse", event.detail(COMPLAINT_FEEDBACK_TYPE));
            assertNull(event.detail(DeliveryEvent.REASON));
        }

        @Test
        void complaintWithoutAFeedbackReportHasThePlainLabel() {
            DeliveryEvent event = recordedTagged("notification-complaint-without-feedback-report.json", null,
                    Route.SNS_ENVELOPE);

            assertEquals(EventType.COMPLAINED, event.type());
            assertNull(event.detail(COMPLAINT_FEEDBACK_TYPE));
            assertNull(event.detail(DeliveryEvent.REASON));
            assertEquals("Courrier signalé comme indésirable par le destinataire", event.label());
        }

        @Test
        void delivery() {
            DeliveryEvent event = recordedTagged("notification-delivery.json", null, Route.SNS_ENVELOPE);

            assertEquals(EventType.DELIVERED, event.type());
            assertEquals(Instant.parse("2016-01-27T14:59:38.237Z"), event.at());
            assertEquals("ses:0000014644fe5ef6-9a483358-9170-4cb4-a269-f5dcdf415321-000000:delivery", event.id());
            assertEquals("250 ok:  Message 64111812 accepted", event.detail(SMTP_RESPONSE));
            assertEquals("546", event.detail(PROCESSING_TIME_MILLIS));
        }
    }

    @Nested
    class SetupMessages {

        @ParameterizedTest
        @ValueSource(strings = {"sns-subscription-confirmation.json", "sns-unsubscribe-confirmation.json"})
        void snsHandshakesAreAcknowledgedInOneInfoLine(String sample) {
            String type = read(fixture(sample)).path("Type").asText();
            assertAcknowledgedWithoutRecording(fixture(sample), "SNS " + type);
            LogRecord line = logs.get(logs.size() - 1);
            assertTrue(line.getMessage().contains("arn:aws:sns:us-west-2:123456789012:MyTopic"), line.getMessage());
        }

        @Test
        void sesDestinationValidationThroughSnsIsAcknowledged() {
            assertAcknowledgedWithoutRecording(snsNotificationWithMessage(SES_DESTINATION_VALIDATION),
                    "SES event destination setup message");
        }

        @Test
        void sesDestinationValidationWithRawDeliveryIsAcknowledged() {
            assertAcknowledgedWithoutRecording(SES_DESTINATION_VALIDATION, "SES event destination setup message");
            assertAcknowledgedWithoutRecording(SES_DESTINATION_VALIDATION + "\n", "SES event destination setup message");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Successfully validated SNS topic for Amazon SES event publishing. Or not.",
                "successfully validated sns topic for amazon ses event publishing.", "Hello world!"})
        void otherPlainTextStaysMalformedAndIsRetried(String text) {
            assertFailed(snsNotificationWithMessage(text));
            assertFailed(text);
        }

        @Test
        void theSnsNotificationSampleIsNoSesEventAndIsRetried() {
            assertFailed(fixture("sns-notification.json"));
            LogRecord line = logs.get(logs.size() - 1);
            assertEquals(Level.SEVERE, line.getLevel());
            assertTrue(line.getMessage().contains("left for the DLQ"), line.getMessage());
        }

        @Test
        void inOneBatchOnlyTheMalformedMessagesAreReportedAsFailures() {
            SQSEvent batch = sqsEvent(
                    fixture("sns-subscription-confirmation.json"),
                    snsNotificationWithMessage(SES_DESTINATION_VALIDATION),
                    fixture("sns-notification.json"),
                    snsEnvelope(withOurTags(fixture("event-publishing-delivery.json"), DELIVERY_ID, "1")),
                    "ceci n'est pas du JSON",
                    snsEnvelope(fixture("event-publishing-open.json")),
                    fixture("sns-unsubscribe-confirmation.json"));

            SQSBatchResponse response = handler.handleRequest(batch, null);

            assertEquals(List.of("msg-3", "msg-5"), response.getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
            assertEquals(EventType.DELIVERED, store.single().type());
        }
    }

    @Nested
    class SubscriptionRecords {
        // Not in the stored guide (see the README): a record of our own, with and without its mail object.

        @Test
        void subscriptionRecordIsAcknowledged() {
            ObjectNode record = (ObjectNode) read(fixture("event-publishing-send.json"));
            record.put("eventType", "Subscription");
            record.remove("send");
            record.putObject("subscription").put("contactList", "ListeExemple")
                    .put("timestamp", "2022-01-12T01:00:14.340Z").put("source", "UnsubscribeHeader");
            String withMail = withOurTags(record.toString(), DELIVERY_ID, "1");
            record.remove("mail");
            for (Route route : Route.values()) {
                assertAcknowledgedWithoutRecording(body(route, "Email Subscribed", withMail), "not recorded");
                assertAcknowledgedWithoutRecording(body(route, "Email Subscribed", record.toString()), "not recorded");
            }
        }
    }

    // ---- what these tests do with the samples: recording, acknowledging, failing ----

    /** Adds our tags to the sample, sends it by the route, and returns what was recorded on the delivery. */
    private DeliveryEvent recordedTagged(String sample, String detailType, Route route) {
        String record = withOurTags(fixture(sample), DELIVERY_ID, "2");
        assertNoFailure(handle(body(route, detailType, record)));
        DeliveryEvent event = store.single();
        String messageId = read(fixture(sample)).path("mail").path("messageId").asText();
        assertEquals(messageId, event.detail(DeliveryEvent.MESSAGE_ID), "SES's message id, from mail.messageId");
        assertEquals(2, event.attempt(), "our attempt tag");
        assertEquals(DeliveryEvent.MAIL_SERVICE, event.actor());
        return event;
    }

    private void assertAcknowledgedWithoutRecording(String body, String logged) {
        int before = logs.size();
        assertNoFailure(handle(body));
        assertTrue(store.events.isEmpty(), () -> "nothing recorded: " + store.events);
        List<LogRecord> lines = logs.subList(before, logs.size());
        assertEquals(1, lines.size(), () -> "one line: " + lines.stream().map(LogRecord::getMessage).toList());
        assertEquals(Level.INFO, lines.get(0).getLevel());
        String message = lines.get(0).getMessage();
        assertTrue(message.contains("acknowledged") && message.contains(logged), message);
        assertFalse(message.contains("\n"), message);
    }

    private void assertFailed(String body) {
        SQSBatchResponse response = handle(body);
        assertEquals(1, response.getBatchItemFailures().size(), "retried, then parked in the dead-letter queue");
        assertTrue(store.events.isEmpty());
    }

    private static void assertNoFailure(SQSBatchResponse response) {
        assertEquals(List.of(), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
    }

    private SQSBatchResponse handle(String body) {
        return handler.handleRequest(sqsEvent(body), null);
    }

    // ---- wrapping steps: what AWS puts around the samples on the way to our function ----

    /** The SQS body for a route. {@code detailType} is the EventBridge detail-type of the record. */
    private static String body(Route route, String detailType, String sesRecord) {
        return switch (route) {
            case SNS_ENVELOPE -> snsEnvelope(sesRecord);
            case RAW_DELIVERY -> sesRecord;
            case EVENTBRIDGE -> eventBridge(detailType, sesRecord);
        };
    }

    /** The SNS Notification sample, carrying the SES record as its Message; SES sets no Subject. */
    private static String snsEnvelope(String sesRecord) {
        return snsNotificationWithMessage(sesRecord);
    }

    private static String snsNotificationWithMessage(String message) {
        ObjectNode envelope = (ObjectNode) read(fixture("sns-notification.json"));
        envelope.remove("Subject");
        envelope.put("Message", message);
        return envelope.toString();
    }

    /** The EventBridge event structure around an SES record, as SES puts it on the default bus. */
    private static String eventBridge(String detailType, String sesRecord) {
        JsonNode record = read(sesRecord);
        ObjectNode event = MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.nameUUIDFromBytes(sesRecord.getBytes()).toString());
        event.put("detail-type", detailType);
        event.put("source", "aws.ses");
        event.put("account", "123456789012");
        event.put("time", record.path("mail").path("timestamp").asText("2017-08-05T00:41:02Z"));
        event.put("region", "us-east-1");
        event.putArray("resources");
        event.set("detail", record);
        return event.toString();
    }

    /** One SQS record per body, as Lambda hands a batch of the events queue to the function. */
    private static SQSEvent sqsEvent(String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("msg-" + (i + 1));
            message.setBody(bodies[i]);
            message.setEventSource("aws:sqs");
            message.setEventSourceArn("arn:aws:sqs:eu-west-3:123456789012:messagerie-ses-events");
            message.setAwsRegion("eu-west-3");
            records.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** The record as our send function's tags would make SES publish it: deliveryId and attempt in mail.tags. */
    private static String withOurTags(String sesRecord, String deliveryId, String attempt) {
        ObjectNode record = (ObjectNode) read(sesRecord);
        ObjectNode mail = (ObjectNode) record.get("mail");
        ObjectNode tags = mail.has("tags") ? (ObjectNode) mail.get("tags") : mail.putObject("tags");
        tags.putArray(MessageTags.DELIVERY_ID).add(deliveryId);
        tags.putArray(MessageTags.ATTEMPT).add(attempt);
        return record.toString();
    }

    private static String fixture(String name) {
        return SesNotificationParserTest.fixture("ses/" + name);
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one port the events function uses: the delivery's log, for one known delivery. */
    private static final class FakeDeliveryLog implements DeliveryLog {
        private final String knownDeliveryId;
        private final Map<String, DeliveryEvent> events = new LinkedHashMap<>();

        FakeDeliveryLog(String knownDeliveryId) {
            this.knownDeliveryId = knownDeliveryId;
        }

        DeliveryEvent single() {
            assertEquals(1, events.size(), () -> "one event recorded: " + events);
            return events.values().iterator().next();
        }

        @Override
        public Optional<LogHead> head(String deliveryId) {
            return Optional.of(deliveryId).filter(knownDeliveryId::equals)
                    .map(id -> new LogHead(new Delivery(id, "letter", "consultation", "organism",
                            Recipient.typed("recipient@example.com"), Instant.EPOCH, null),
                            DeliveryProjection.of(events.values()), false));
        }

        @Override
        public Append append(String deliveryId, LogHead head, DeliveryEvent event, DeliveryProjection after) {
            return events.putIfAbsent(event.id(), event) == null ? Append.APPENDED : Append.DUPLICATE;
        }

        @Override
        public List<DeliveryEvent> events(String deliveryId) {
            return List.copyOf(events.values());
        }
    }
}
