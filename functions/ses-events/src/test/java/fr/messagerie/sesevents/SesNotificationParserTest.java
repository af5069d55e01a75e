package fr.messagerie.sesevents;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static fr.messagerie.sesevents.SesNotificationParser.*;
import static org.junit.jupiter.api.Assertions.*;

class SesNotificationParserTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SesNotificationParser parser = new SesNotificationParser(MAPPER);

    static String fixture(String name) {
        try (InputStream in = SesNotificationParserTest.class.getResourceAsStream("/events/" + name)) {
            assertNotNull(in, "missing fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SesNotification.Feedback feedback(String fixture) {
        SesNotification notification = parser.parse(fixture(fixture));
        return assertInstanceOf(SesNotification.Feedback.class, notification, fixture);
    }

    private SesNotification.Ignored ignored(String fixture) {
        return assertInstanceOf(SesNotification.Ignored.class, parser.parse(fixture(fixture)), fixture);
    }

    @Nested
    class Delivery {

        @Test
        void snsEnvelopeGivesDeliveredAtSesDeliveryTime() {
            var feedback = feedback("sns-delivery.json");
            DeliveryEvent event = feedback.event();

            assertEquals("0107018f7a1b2c3d-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9-000000", feedback.sesMessageId());
            assertEquals("dlv-01HXYZ7F3C2A", feedback.deliveryId());
            assertEquals(EventType.DELIVERED, event.type());
            // delivery.timestamp, not mail.timestamp (09:15:00.120) nor the SNS Timestamp (09:15:02.911).
            assertEquals(Instant.parse("2024-05-13T09:15:02.345Z"), event.at());
            assertEquals(2, event.attempt());
            assertEquals("SES", event.actor());
            assertEquals("ses:0107018f7a1b2c3d-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9-000000:delivery", event.id());
            assertEquals(feedback.sesMessageId(), event.detail(DeliveryEvent.MESSAGE_ID));
            assertEquals("250 2.0.0 OK  1715591702 x12si345678wrb.42 - gsmtp", event.detail(SMTP_RESPONSE));
            assertEquals("a7-12.smtp-out.eu-west-3.amazonses.com", event.detail(REPORTING_MTA));
            assertEquals("2225", event.detail(PROCESSING_TIME_MILLIS));
            assertNull(event.detail(DeliveryEvent.REASON));
        }

        @Test
        void eventBridgeAndSnsRoutesOfTheSameSesEventGiveTheSameEvent() {
            var viaSns = feedback("sns-delivery.json");
            var viaEventBridge = feedback("eventbridge-delivery.json");

            assertEquals(viaSns, viaEventBridge);
        }

        @Test
        void unknownFieldsAtEveryLevelAreTolerated() {
            var feedback = feedback("sns-delivery-extra-fields.json");

            assertEquals(feedback("sns-delivery.json").event().id(), feedback.event().id());
            assertEquals(Instant.parse("2024-05-13T09:15:02.345Z"), feedback.event().at());
            assertEquals("203.0.113.7", feedback.event().detail(REMOTE_MTA_IP));
        }
    }

    @Nested
    class Bounce {

        @Test
        void permanentGeneral() {
            var feedback = feedback("sns-bounce-permanent-general.json");
            DeliveryEvent event = feedback.event();

            assertEquals("dlv-01HXYZBOUNCE1", feedback.deliveryId());
            assertEquals(EventType.BOUNCED, event.type());
            assertEquals(Instant.parse("2024-05-13T10:02:11Z"), event.at());
            assertEquals(1, event.attempt());
            assertEquals("ses:0107018f7a2d6b7c-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d-000000", event.id());
            assertEquals("Adresse refusée par le serveur de messagerie du destinataire (rejet définitif).",
                    event.detail(DeliveryEvent.REASON));
            assertEquals("Permanent", event.detail(BOUNCE_TYPE));
            assertEquals("General", event.detail(BOUNCE_SUB_TYPE));
            assertEquals("smtp; 550 5.1.1 <j.dupont@entreprise-exemple.fr>: Recipient address rejected: "
                    + "User unknown in virtual mailbox table", event.detail(DIAGNOSTIC_CODE));
            assertEquals("5.1.1", event.detail(STATUS));
            assertEquals("failed", event.detail(ACTION));
            assertEquals("j.dupont@entreprise-exemple.fr", event.detail(RECIPIENT));
            assertEquals("0107018f7a2d6b7c-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d-000000", event.detail(FEEDBACK_ID));
            assertEquals("dsn; a7-15.smtp-out.eu-west-3.amazonses.com", event.detail(REPORTING_MTA));
            assertEquals("0107018f7a2d4e5f-6a7b8c9d-0e1f-4a2b-b3c4-d5e6f7a8b9c0-000000",
                    event.detail(DeliveryEvent.MESSAGE_ID));
            assertTrue(event.type().isFailure());
        }

        @Test
        void suppressionListWithoutAttemptTagIsAttemptOne() {
            DeliveryEvent event = feedback("sns-bounce-suppressed.json").event();

            assertEquals(EventType.BOUNCED, event.type());
            assertEquals(Instant.parse("2024-05-13T10:30:00.512Z"), event.at());
            assertEquals(1, event.attempt());
            assertEquals("Adresse présente sur la liste de suppression du service d'envoi, suite à des rejets "
                    + "antérieurs : le courrier n'a pas été transmis.", event.detail(DeliveryEvent.REASON));
            assertEquals("Suppressed", event.detail(BOUNCE_SUB_TYPE));
            assertTrue(event.detail(DIAGNOSTIC_CODE).startsWith("Amazon SES has suppressed sending to this address"));
        }

        @Test
        void accountSuppressionListInRawDelivery() {
            DeliveryEvent event = feedback("raw-bounce-account-suppression-list.json").event();

            assertEquals(EventType.BOUNCED, event.type());
            assertEquals(Instant.parse("2024-05-13T10:45:00.200Z"), event.at());
            assertEquals("OnAccountSuppressionList", event.detail(BOUNCE_SUB_TYPE));
            assertEquals(NonDeliveryReasons.bounce("Permanent", "Suppressed"), event.detail(DeliveryEvent.REASON));
        }

        @Test
        void transientBounceIsFinalFailure() {
            var feedback = feedback("eventbridge-bounce-transient.json");
            DeliveryEvent event = feedback.event();

            assertEquals("dlv-01HXYZTRANS01", feedback.deliveryId());
            assertEquals(EventType.BOUNCED, event.type());
            assertEquals(Instant.parse("2024-05-14T22:14:37Z"), event.at());
            assertEquals(3, event.attempt());
            assertEquals("Boîte aux lettres du destinataire pleine.", event.detail(DeliveryEvent.REASON));
            assertEquals("Transient", event.detail(BOUNCE_TYPE));
            assertEquals("MailboxFull", event.detail(BOUNCE_SUB_TYPE));
            assertEquals("4.2.2", event.detail(STATUS));
        }

        @Test
        void sameBounceTwiceGivesSameIdAndTwoBouncesGiveDifferentIds() {
            String general = fixture("sns-bounce-permanent-general.json");

            assertEquals(parser.parse(general), parser.parse(general));
            String first = ((SesNotification.Feedback) parser.parse(general)).event().id();
            String second = feedback("sns-bounce-suppressed.json").event().id();
            String third = feedback("eventbridge-bounce-transient.json").event().id();
            assertNotEquals(first, second);
            assertNotEquals(first, third);
            assertNotEquals(second, third);
        }

        @Test
        void missingBounceTypesGiveTheUndeterminedReason() throws IOException {
            ObjectNode event = (ObjectNode) MAPPER.readTree(fixture("raw-bounce-account-suppression-list.json"));
            ((ObjectNode) event.get("bounce")).remove(List.of("bounceType", "bounceSubType"));
            DeliveryEvent mapped = ((SesNotification.Feedback) parser.parse(event.toString())).event();

            assertEquals(EventType.BOUNCED, mapped.type());
            assertEquals("Courrier non délivré pour une raison indéterminée.", mapped.detail(DeliveryEvent.REASON));
        }

        @Test
        void withoutFeedbackIdTheIdComesFromMessageIdAndTimestamp() throws IOException {
            ObjectNode event = (ObjectNode) MAPPER.readTree(fixture("raw-bounce-account-suppression-list.json"));
            ((ObjectNode) event.get("bounce")).remove("feedbackId");
            DeliveryEvent first = ((SesNotification.Feedback) parser.parse(event.toString())).event();
            ((ObjectNode) event.get("bounce")).put("timestamp", "2024-05-13T11:45:00.200Z");
            DeliveryEvent later = ((SesNotification.Feedback) parser.parse(event.toString())).event();

            assertEquals("ses:0107018f7a4f6a7b-8c9d0e1f-2a3b-4c4d-95e6-f7a8b9c0d1e2-000000:bounce:"
                    + "2024-05-13T10:45:00.200Z", first.id());
            assertNotEquals(first.id(), later.id());
        }
    }

    @Test
    void complaintIsAnEventOfTheExchangeWithoutNonDeliveryReason() {
        var feedback = feedback("sns-complaint.json");
        DeliveryEvent event = feedback.event();

        assertEquals("dlv-01HXYZCOMPL01", feedback.deliveryId());
        assertEquals(EventType.COMPLAINED, event.type());
        assertFalse(event.type().isFailure());
        assertEquals(Instant.parse("2024-05-14T07:30:45Z"), event.at());
        assertEquals("ses:0107018f80112233-5e6f7a8b-9c0d-4e1f-2a3b-4c5d6e7f8091-000000", event.id());
        assertNull(event.detail(DeliveryEvent.REASON), "a complaint is never a non-delivery reason");
        assertEquals("abuse", event.detail(COMPLAINT_FEEDBACK_TYPE));
        assertEquals("Courrier signalé comme indésirable par le destinataire (courrier non sollicité ou abusif)",
                event.label());
        assertEquals("0107018f80112233-5e6f7a8b-9c0d-4e1f-2a3b-4c5d6e7f8091-000000", event.detail(FEEDBACK_ID));
        assertEquals("direction@entreprise-exemple.fr", event.detail(RECIPIENT));
        // complaintSubType is null in the record: no detail rather than "null".
        assertFalse(event.details().containsKey(COMPLAINT_SUB_TYPE));
    }

    @Test
    void complaintOnAccountSuppressionListIsANonDeliveryAsSesDidNotSend() throws IOException {
        ObjectNode envelope = (ObjectNode) MAPPER.readTree(fixture("sns-complaint.json"));
        ObjectNode event = (ObjectNode) MAPPER.readTree(envelope.get("Message").asText());
        ((ObjectNode) event.get("complaint")).put("complaintSubType", "OnAccountSuppressionList");
        envelope.put("Message", event.toString());

        DeliveryEvent mapped = ((SesNotification.Feedback) parser.parse(envelope.toString())).event();

        assertEquals(EventType.BOUNCED, mapped.type());
        assertTrue(mapped.type().isFailure());
        assertEquals("OnAccountSuppressionList", mapped.detail(COMPLAINT_SUB_TYPE));
        assertEquals(NonDeliveryReasons.suppressedAfterComplaint(), mapped.detail(DeliveryEvent.REASON));
        assertTrue(mapped.detail(DeliveryEvent.REASON).contains("n'a pas été transmis"));
        assertEquals("ses:0107018f80112233-5e6f7a8b-9c0d-4e1f-2a3b-4c5d6e7f8091-000000", mapped.id());
    }

    @Test
    void rejectIsDatedBySendingTime() {
        var feedback = feedback("sns-reject.json");
        DeliveryEvent event = feedback.event();

        assertEquals("dlv-01HXYZREJEC01", feedback.deliveryId());
        assertEquals(EventType.REJECTED, event.type());
        assertEquals(Instant.parse("2024-05-13T11:00:00.500Z"), event.at());
        assertEquals("ses:0107018f7d7c8d9e-1f2a3b4c-5d6e-4f7a-88b9-c0d1e2f3a4b5-000000:reject", event.id());
        assertEquals("Envoi refusé par le service d'envoi : le courrier contient un virus.",
                event.detail(DeliveryEvent.REASON));
        assertEquals("Bad content", event.detail(SES_REJECT_REASON));
    }

    @Test
    void renderingFailureInRawDelivery() {
        var feedback = feedback("raw-rendering-failure.json");
        DeliveryEvent event = feedback.event();

        assertEquals("dlv-01HXYZRENDR01", feedback.deliveryId());
        assertEquals(EventType.REJECTED, event.type());
        assertEquals(Instant.parse("2024-05-13T13:00:00.197Z"), event.at());
        assertEquals(2, event.attempt());
        assertEquals("ses:0107018f7f9e0f1a-3b4c5d6e-7f8a-4b9c-a0d1-e2f3a4b5c6d7-000000:rendering", event.id());
        assertTrue(event.detail(DeliveryEvent.REASON).startsWith("Le service d'envoi n'a pas pu mettre en forme le courrier"));
        assertEquals("Attribute 'consultationReference' is not present in the rendering data.",
                event.detail(ERROR_MESSAGE));
        assertEquals("notification-courrier", event.detail(TEMPLATE_NAME));
    }

    @Test
    void deliveryDelay() {
        var feedback = feedback("eventbridge-delivery-delay.json");
        DeliveryEvent event = feedback.event();

        assertEquals("dlv-01HXYZDELAY01", feedback.deliveryId());
        assertEquals(EventType.DELAYED, event.type());
        assertFalse(event.type().isFailure());
        assertEquals(Instant.parse("2024-05-13T12:10:00.095Z"), event.at());
        assertEquals("ses:0107018f7e8d9e0f-2a3b4c5d-6e7f-4a8b-99c0-d1e2f3a4b5c6-000000:delay:2024-05-13T12:10:00.095Z",
                event.id());
        assertEquals("Remise retardée : boîte aux lettres du destinataire pleine, le service d'envoi réessaie.",
                event.detail(DeliveryEvent.REASON));
        assertEquals("MailboxFull", event.detail(DELAY_TYPE));
        assertEquals("2024-05-14T12:00:00.914Z", event.detail(EXPIRATION_TIME));
        assertEquals("smtp; 452 4.2.2 Mailbox full", event.detail(DIAGNOSTIC_CODE));
        assertEquals(event, feedback("sns-delivery-delay.json").event());
    }

    @Nested
    class Ignored {

        @ParameterizedTest
        @ValueSource(strings = {"sns-open.json", "eventbridge-click.json", "sns-send.json"})
        void openClickAndSendAreNeverRecordedEvenWhenOurs(String fixture) {
            ignored(fixture);
        }

        @Test
        void snsSubscriptionConfirmation() {
            assertTrue(ignored("sns-subscription-confirmation.json").why().contains("SubscriptionConfirmation"));
        }

        @Test
        void snsUnsubscribeConfirmation() {
            String body = fixture("sns-subscription-confirmation.json")
                    .replace("\"SubscriptionConfirmation\"", "\"UnsubscribeConfirmation\"");
            assertInstanceOf(SesNotification.Ignored.class, parser.parse(body));
        }

        @Test
        void sesDestinationValidationMessageInAnSnsNotification() throws IOException {
            ObjectNode envelope = (ObjectNode) MAPPER.readTree(fixture("sns-delivery.json"));
            envelope.put("Message", SES_DESTINATION_VALIDATION);

            assertTrue(((SesNotification.Ignored) parser.parse(envelope.toString())).why()
                    .contains("arn:aws:sns:eu-west-3:123456789012:messagerie-ses-events"));
        }

        @Test
        void sesDestinationValidationMessageWithRawDelivery() {
            assertInstanceOf(SesNotification.Ignored.class, parser.parse(SES_DESTINATION_VALIDATION));
            assertInstanceOf(SesNotification.Ignored.class, parser.parse("  " + SES_DESTINATION_VALIDATION + "\n"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Send", "Open", "Click", "Subscription"})
        void eventsWeNeverRecordAreIgnoredEvenWithoutTheirMail(String type) {
            assertInstanceOf(SesNotification.Ignored.class,
                    parser.parse("{\"eventType\":\"" + type + "\",\"" + type.toLowerCase() + "\":{}}"));
        }

        @Test
        void bounceWithoutOurTagsIsNotAttributable() {
            String why = ignored("sns-bounce-no-tags.json").why();
            assertTrue(why.contains("deliveryId"), why);
            assertTrue(why.contains("EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000"), why);
        }

        @Test
        void identityNotificationCarriesNoTags() {
            ignored("raw-identity-bounce.json");
        }

        @Test
        void sesEventBridgeEventNotAboutAMessage() throws IOException {
            ObjectNode event = (ObjectNode) MAPPER.readTree(fixture("eventbridge-delivery.json"));
            event.put("detail-type", "Sending Status Disabled");
            event.set("detail", MAPPER.createObjectNode());
            assertInstanceOf(SesNotification.Ignored.class, parser.parse(event.toString()));
        }
    }

    @Test
    void identityNotificationTypeIsReadLikeEventType() throws IOException {
        ObjectNode event = (ObjectNode) MAPPER.readTree(fixture("raw-identity-bounce.json"));
        ObjectNode tags = ((ObjectNode) event.get("mail")).putObject("tags");
        tags.putArray("deliveryId").add("dlv-identity");

        var feedback = (SesNotification.Feedback) parser.parse(event.toString());

        assertEquals(EventType.BOUNCED, feedback.event().type());
        assertEquals("dlv-identity", feedback.deliveryId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "0", "-2", "1.5"})
    void attemptThatIsNotAPositiveNumberIsOne(String attempt) throws IOException {
        ObjectNode event = (ObjectNode) MAPPER.readTree(fixture("raw-rendering-failure.json"));
        ObjectNode tags = (ObjectNode) event.get("mail").get("tags");
        tags.putArray("attempt").add(attempt);

        assertEquals(1, ((SesNotification.Feedback) parser.parse(event.toString())).event().attempt());
    }

    @Nested
    class Malformed {

        @ParameterizedTest
        @ValueSource(strings = {"not-json.txt", "other-s3-event.json", "eventbridge-other-source.json",
                "sns-message-not-ses.json"})
        void fixturesThatAreNoSesNotification(String fixture) {
            String body = fixture(fixture);
            assertThrows(MalformedNotificationException.class, () -> parser.parse(body));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "null", "[]", "42", "\"Bounce\"", "{}", "{\"Type\":\"Other\"}",
                "{\"eventType\":\"Bounce\"}", "{\"eventType\":\"Other\"}", "{\"Type\":\"Notification\"}",
                "{\"source\":\"aws.ses\",\"detail-type\":\"Email Bounced\"}"})
        void bodiesThatAreNoSesNotification(String body) {
            assertThrows(MalformedNotificationException.class, () -> parser.parse(body));
        }

        @Test
        void trailingContentAfterAValidNotification() {
            String body = fixture("sns-delivery.json") + " {}";
            assertThrows(MalformedNotificationException.class, () -> parser.parse(body));
        }

        @Test
        void nullBody() {
            assertThrows(MalformedNotificationException.class, () -> parser.parse(null));
        }

        @Test
        void snsMessageThatIsNotJson() throws IOException {
            ObjectNode envelope = (ObjectNode) MAPPER.readTree(fixture("sns-delivery.json"));
            envelope.put("Message", "not json");
            assertThrows(MalformedNotificationException.class, () -> parser.parse(envelope.toString()));
        }

        @Test
        void mappedEventWithoutItsTimestampIsNotDatedByProcessingTime() throws IOException {
            ObjectNode envelope = (ObjectNode) MAPPER.readTree(fixture("sns-bounce-permanent-general.json"));
            ObjectNode event = (ObjectNode) MAPPER.readTree(envelope.get("Message").asText());
            ((ObjectNode) event.get("bounce")).remove("timestamp");
            envelope.put("Message", event.toString());
            assertThrows(MalformedNotificationException.class, () -> parser.parse(envelope.toString()));
        }

        @Test
        void mappedEventWithUnreadableTimestamp() throws IOException {
            ObjectNode event = (ObjectNode) MAPPER.readTree(fixture("raw-rendering-failure.json"));
            ((ObjectNode) event.get("mail")).put("timestamp", "13/05/2024 15:00");
            assertThrows(MalformedNotificationException.class, () -> parser.parse(event.toString()));
        }

        @Test
        void mappedEventWithoutMessageId() throws IOException {
            ObjectNode event = (ObjectNode) MAPPER.readTree(fixture("raw-rendering-failure.json"));
            ((ObjectNode) event.get("mail")).remove("messageId");
            assertThrows(MalformedNotificationException.class, () -> parser.parse(event.toString()));
        }
    }
}
