package fr.messagerie.sam;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.messagerie.servers.LocalAws;
import fr.messagerie.servers.SentEmail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness against the repository's template (resources, SES) and a test template with test handlers. */
@ExtendWith(LocalAwsExtension.class)
class HarnessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CLAIMS = Map.of("sub", "agent-1", "custom:organism", "ORG-1",
            "scope", "openid email");

    private static LocalSystem harness;

    /** HTTP and SQS mechanics run on a template of test handlers; the rest uses the repository's template. */
    @BeforeAll
    static void provisionHarnessTemplate(LocalAws aws) throws Exception {
        Path template = Path.of(HarnessTest.class.getResource("/harness/template.yaml").toURI());
        harness = LocalSystem.on(aws, LocalConfig.discover().withTemplate(template).withStackName("harness")
                .withParameter("SenderAddress", "expediteur@harness.local").withHandlersFromClasspath());
    }

    @AfterAll
    static void closeHarness() {
        harness.close();
    }

    @Nested
    class Provisioning {

        @Test
        void tablesHaveTheTemplatesKeysAndIndexes(LocalSystem system) {
            for (TemplateResource table : system.template().resourcesOfType("AWS::DynamoDB::Table")) {
                TableDescription description = system.dynamoDb().describeTable(request -> request
                        .tableName(system.resources().tableName(table.logicalId()))).table();
                assertEquals(templateKeys(table.property("KeySchema")), actualKeys(description.keySchema()));
                List<?> indexes = SamTemplate.listOrEmpty(table.property("GlobalSecondaryIndexes"));
                assertEquals(indexes.size(), description.globalSecondaryIndexes().size());
                for (Object index : indexes) {
                    Map<String, Object> expected = SamTemplate.mapOrEmpty(index);
                    GlobalSecondaryIndexDescription actual = description.globalSecondaryIndexes().stream()
                            .filter(gsi -> gsi.indexName().equals(expected.get("IndexName")))
                            .findFirst().orElseThrow();
                    assertEquals(templateKeys(expected.get("KeySchema")), actualKeys(actual.keySchema()));
                    assertEquals(SamTemplate.mapOrEmpty(expected.get("Projection")).get("ProjectionType"),
                            actual.projection().projectionTypeAsString());
                }
            }
        }

        @Test
        void queuesHaveTheTemplatesRedriveAndTimeouts(LocalSystem system) throws Exception {
            for (TemplateResource queue : system.template().resourcesOfType("AWS::SQS::Queue")) {
                Map<QueueAttributeName, String> attributes = system.sqsClient().getQueueAttributes(request -> request
                        .queueUrl(system.resources().queueUrl(queue.logicalId()))
                        .attributeNames(QueueAttributeName.ALL)).attributes();
                if (queue.hasProperty("VisibilityTimeout")) {
                    assertEquals(String.valueOf(queue.property("VisibilityTimeout")),
                            attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT));
                }
                Map<String, Object> redrive = SamTemplate.mapOrEmpty(queue.property("RedrivePolicy"));
                if (!redrive.isEmpty()) {
                    JsonNode actual = JSON.readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
                    String deadLetterQueue = SamTemplate.referencedLogicalId(redrive.get("deadLetterTargetArn"))
                            .orElseThrow();
                    assertEquals(system.resources().queueArn(deadLetterQueue),
                            actual.path("deadLetterTargetArn").asText());
                    assertEquals(String.valueOf(redrive.get("maxReceiveCount")),
                            actual.path("maxReceiveCount").asText());
                }
            }
        }

        @Test
        void physicalValuesAreLocal(LocalSystem system) {
            assertTrue(system.resources().queueArn("DispatchQueue")
                    .startsWith("arn:aws:sqs:eu-west-3:000000000000:messagerie-local-"));
            assertEquals("messagerie-local-filesbucket", system.resources().bucketName("FilesBucket"));
            assertTrue(system.s3().headBucket(request -> request.bucket("messagerie-local-filesbucket"))
                    .sdkHttpResponse().isSuccessful());
        }

        @Test
        void functionEnvironmentIsResolved(LocalAws aws) {
            Map<String, String> env = harness.functionEnv("EchoFunction");
            assertEquals("harness-HarnessTable", env.get("TABLE_NAME"));
            assertEquals(harness.resources().queueUrl("HarnessQueue"), env.get("QUEUE_URL"));
            assertEquals("arn:aws:sqs:eu-west-3:000000000000:harness-HarnessQueue", env.get("QUEUE_ARN"));
            assertEquals("bonjour eu-west-3 harness-HarnessQueue ${Literal}", env.get("GREETING"));
            assertEquals("expediteur@harness.local", env.get("SENDER"));
            assertEquals("000000000000:harness", env.get("JOINED"));
            assertEquals("eu-west-3", env.get("AWS_REGION"));
            assertEquals(aws.endpoints().sqs().toString(), env.get("AWS_ENDPOINT_URL_SQS"));
        }

        @Test
        void repositoryFunctionsGetTheirEnvironment(LocalSystem system) {
            for (FunctionDefinition function : system.template().functions()) {
                Map<String, String> repoEnv = system.functionEnv(function.logicalId());
                assertEquals(system.resources().tableName("MessagerieTable"), repoEnv.get("TABLE_NAME"));
                assertEquals("test", repoEnv.get("AWS_ACCESS_KEY_ID"));
                assertNotNull(repoEnv.get("AWS_ENDPOINT_URL_SESV2"));
            }
            assertEquals("nepasrepondre@messagerie.local", system.functionEnv("SendFunction").get("SENDER_ADDRESS"));
        }
    }

    @Nested
    class HttpRoutes {

        @Test
        void buildsAnApiGatewayV2Event() {
            APIGatewayV2HTTPResponse response = harness.api().call("POST", "/letters/L%2042/send?notify=yes&tag=a&tag=b",
                    "{\"objet\":\"Relance\"}",
                    Map.of("Content-Type", "application/json", "Cookie", "a=1; b=2", "User-Agent", "JUnit"), CLAIMS);

            assertEquals(200, response.getStatusCode());
            assertEquals("bonjour eu-west-3 harness-HarnessQueue ${Literal}", response.getBody());
            APIGatewayV2HTTPEvent event = EchoHttpHandler.lastEvent;
            assertEquals("2.0", event.getVersion());
            assertEquals("POST /letters/{letterId}/send", event.getRouteKey());
            assertEquals("/letters/L%2042/send", event.getRawPath());
            assertEquals("notify=yes&tag=a&tag=b", event.getRawQueryString());
            assertEquals(Map.of("notify", "yes", "tag", "a,b"), event.getQueryStringParameters());
            assertEquals(Map.of("letterId", "L 42"), event.getPathParameters());
            assertEquals(List.of("a=1", "b=2"), event.getCookies());
            assertEquals("application/json", event.getHeaders().get("content-type"));
            assertNull(event.getHeaders().get("cookie"));
            assertEquals("{\"objet\":\"Relance\"}", event.getBody());
            assertEquals(false, event.getIsBase64Encoded());

            APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
            assertEquals("000000000000", context.getAccountId());
            assertEquals(harness.resources().ref("HarnessApi"), context.getApiId());
            assertEquals(context.getApiId() + ".execute-api.eu-west-3.amazonaws.com", context.getDomainName());
            assertEquals("POST /letters/{letterId}/send", context.getRouteKey());
            assertEquals("$default", context.getStage());
            assertEquals("POST", context.getHttp().getMethod());
            assertEquals("/letters/L%2042/send", context.getHttp().getPath());
            assertEquals("HTTP/1.1", context.getHttp().getProtocol());
            assertEquals("127.0.0.1", context.getHttp().getSourceIp());
            assertEquals("JUnit", context.getHttp().getUserAgent());
            assertNotNull(context.getRequestId());
            assertTrue(context.getTime().matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000"));
            assertTrue(context.getTimeEpoch() > 0);
            assertEquals(CLAIMS, context.getAuthorizer().getJwt().getClaims());
            assertEquals(List.of("openid", "email"), context.getAuthorizer().getJwt().getScopes());
            assertEquals("harness-EchoFunction", EchoHttpHandler.lastContext.getFunctionName());
        }

        @Test
        void prefersAStaticPathToAPathParameter() {
            harness.api().get("/letters/drafts", CLAIMS);
            assertEquals("GET /letters/drafts", EchoHttpHandler.lastEvent.getRouteKey());
            harness.api().get("/letters/L1", CLAIMS);
            assertEquals("GET /letters/{letterId}", EchoHttpHandler.lastEvent.getRouteKey());
            assertNull(EchoHttpHandler.lastEvent.getQueryStringParameters());
        }

        @Test
        void answersNotFoundLikeApiGateway() {
            assertGatewayAnswer(404, "Not Found", harness.api().get("/nowhere", CLAIMS));
            assertGatewayAnswer(404, "Not Found", harness.api().delete("/letters/L1", CLAIMS));
        }

        @Test
        void answersUnauthorizedWithoutClaimsOnAProtectedRoute() {
            assertGatewayAnswer(401, "Unauthorized", harness.api().get("/letters/L1", null));
        }

        @Test
        void letsPublicRoutesThroughWithoutClaims() {
            APIGatewayV2HTTPResponse response = harness.api().get("/public/pages/plan%20du%20site", null);
            assertEquals(200, response.getStatusCode());
            assertEquals("GET /public/{proxy+}", EchoHttpHandler.lastEvent.getRouteKey());
            assertEquals(Map.of("proxy", "pages/plan du site"), EchoHttpHandler.lastEvent.getPathParameters());
            assertNull(EchoHttpHandler.lastEvent.getRequestContext().getAuthorizer());
        }

        @Test
        void answersInternalServerErrorWhenTheFunctionThrows() {
            assertGatewayAnswer(500, "Internal Server Error", harness.api().get("/letters/crash", CLAIMS));
        }

        private void assertGatewayAnswer(int status, String message, APIGatewayV2HTTPResponse response) {
            assertEquals(status, response.getStatusCode());
            assertEquals("{\"message\":\"" + message + "\"}", response.getBody());
        }
    }

    @Nested
    class SqsEventSource {

        private String queueUrl;

        @BeforeEach
        void emptyQueues() {
            harness.reset();
            PartialFailureSqsHandler.RECEIVED.clear();
            queueUrl = harness.resources().queueUrl("HarnessQueue");
        }

        @Test
        void keepsExactlyTheReportedFailureInTheQueue() {
            send("ok-1", Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("test").build()));
            send("fail-2", Map.of());
            send("ok-3", Map.of());

            SqsBatchOutcome outcome = harness.sqs().withImmediateRetry().pumpOnce("BatchFunction");

            assertEquals(3, outcome.messageIds().size());
            assertEquals(1, outcome.failedMessageIds().size());
            List<Message> left = receiveAll(queueUrl);
            assertEquals(1, left.size());
            assertEquals("fail-2", left.get(0).body());
            assertEquals(outcome.failedMessageIds().get(0), left.get(0).messageId());
            assertEquals("2", left.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));

            SQSEvent.SQSMessage record = PartialFailureSqsHandler.RECEIVED.stream()
                    .filter(message -> message.getBody().equals("ok-1")).findFirst().orElseThrow();
            assertEquals("aws:sqs", record.getEventSource());
            assertEquals(harness.resources().queueArn("HarnessQueue"), record.getEventSourceArn());
            assertEquals("eu-west-3", record.getAwsRegion());
            assertEquals("1", record.getAttributes().get("ApproximateReceiveCount"));
            assertNotNull(record.getAttributes().get("SentTimestamp"));
            assertNotNull(record.getMd5OfBody());
            assertNotNull(record.getReceiptHandle());
            assertEquals("test", record.getMessageAttributes().get("kind").getStringValue());
            assertEquals("String", record.getMessageAttributes().get("kind").getDataType());
        }

        @Test
        void leavesFailuresInvisibleForTheVisibilityTimeoutByDefault() {
            send("fail-later", Map.of());

            SqsBatchOutcome outcome = harness.sqs().pumpOnce("BatchFunction");

            assertEquals(1, outcome.failedMessageIds().size());
            Map<QueueAttributeName, String> attributes = harness.sqsClient().getQueueAttributes(request -> request
                    .queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            assertEquals("0", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            assertEquals("1", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }

        @Test
        void keepsTheWholeBatchWhenTheHandlerThrows() {
            send("boom-1", Map.of());
            send("ok-2", Map.of());

            SqsBatchOutcome outcome = harness.sqs().withImmediateRetry().pumpOnce("BatchFunction");

            assertNotNull(outcome.error());
            assertEquals(2, outcome.failedMessageIds().size());
            assertEquals(2, receiveAll(queueUrl).size());
        }

        @Test
        void drainsAPoisonMessageIntoTheDeadLetterQueue() {
            send("fail-forever", Map.of());

            SqsDrainReport report = harness.sqs().withImmediateRetry().drain("BatchFunction", Duration.ofSeconds(20));

            assertEquals(2, report.batches().size());
            assertEquals(List.of(), receiveAll(queueUrl));
            List<Message> dead = receiveAll(harness.resources().queueUrl("HarnessDeadLetterQueue"));
            assertEquals(1, dead.size());
            assertEquals("fail-forever", dead.get(0).body());
        }

        @Test
        void drainsEveryQueueUntilIdle() {
            for (int i = 0; i < 12; i++) {
                send("ok-" + i, Map.of());
            }

            SqsDrainReport report = harness.sqs().drainAll(Duration.ofSeconds(20));

            assertEquals(12, report.messageCount());
            assertEquals(0, report.failureCount());
            assertTrue(report.batches().stream().allMatch(batch -> batch.messageIds().size() <= 5));
            assertEquals(List.of(), receiveAll(queueUrl));
        }

        private void send(String body, Map<String, MessageAttributeValue> attributes) {
            harness.sqsClient().sendMessage(request -> request.queueUrl(queueUrl).messageBody(body)
                    .messageAttributes(attributes));
        }

        private List<Message> receiveAll(String url) {
            return harness.sqsClient().receiveMessage(request -> request.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        }
    }

    @Nested
    class Ses {

        @Test
        void keepsWhatSesV2SendEmailSent(LocalSystem system) {
            String messageId = sendEmail(system, "entreprise@exemple.fr", "D-1");

            SentEmail email = system.mailbox().find(messageId).orElseThrow();

            assertEquals("nepasrepondre@messagerie.local", email.from());
            assertEquals(List.of("entreprise@exemple.fr"), email.to());
            assertEquals("Accusé de réception – échéance dépassée", email.subject());
            assertEquals("<p>Votre réponse a été reçue.</p>", email.html());
            assertEquals("Votre réponse a été reçue.", email.text());
            assertEquals(Map.of("deliveryId", "D-1", "attempt", "1"), email.tags());
            assertEquals(system.resources().ref("EmailConfigurationSet"), email.configurationSetName());
            assertEquals(Optional.of("D-1"), email.header("X-Messagerie-Delivery"));
            assertTrue(system.mailbox().sentTo("entreprise@exemple.fr").stream()
                    .anyMatch(sent -> sent.messageId().equals(messageId)));
            assertTrue(system.mailbox().eml(messageId).contains("entreprise@exemple.fr"));
        }

        @Test
        void mapsTheMailboxSimulatorAddresses() {
            assertEquals(List.of(SesEventKind.HARD_BOUNCE),
                    SesEventStream.mailboxSimulatorOutcome("bounce@simulator.amazonses.com"));
            assertEquals(List.of(SesEventKind.HARD_BOUNCE),
                    SesEventStream.mailboxSimulatorOutcome("Test <bounce+lettre1@simulator.amazonses.com>"));
            assertEquals(List.of(SesEventKind.DELIVERY, SesEventKind.COMPLAINT),
                    SesEventStream.mailboxSimulatorOutcome("complaint@simulator.amazonses.com"));
            assertEquals(List.of(SesEventKind.SUPPRESSED_BOUNCE),
                    SesEventStream.mailboxSimulatorOutcome("suppressionlist@simulator.amazonses.com"));
            assertEquals(List.of(SesEventKind.DELIVERY),
                    SesEventStream.mailboxSimulatorOutcome("ooto@simulator.amazonses.com"));
            assertEquals(List.of(SesEventKind.DELIVERY), SesEventStream.mailboxSimulatorOutcome("x@exemple.fr"));
        }

        @Test
        void publishesSesEventsAsSnsNotificationsOnTheEventsQueue(LocalSystem system) throws Exception {
            String messageId = sendEmail(system, "bounce@simulator.amazonses.com", "D-2");
            SentEmail email = system.mailbox().find(messageId).orElseThrow();

            List<PublishedSesEvent> published = system.sesEvents().simulate(email);

            assertEquals(1, published.size());
            JsonNode envelope = JSON.readTree(takeFromEventsQueue(system, published.get(0).snsMessageId()).body());
            assertEquals("Notification", envelope.path("Type").asText());
            assertEquals(system.resources().ref("SesEventsTopic"), envelope.path("TopicArn").asText());
            assertTrue(envelope.path("Signature").asText().length() > 100);
            assertTrue(envelope.path("UnsubscribeURL").asText().startsWith("https://sns.eu-west-3.amazonaws.com/"));
            JsonNode event = JSON.readTree(envelope.path("Message").asText());
            assertEquals("Bounce", event.path("eventType").asText());
            assertEquals("Permanent", event.at("/bounce/bounceType").asText());
            assertEquals("General", event.at("/bounce/bounceSubType").asText());
            assertEquals("bounce@simulator.amazonses.com", event.at("/bounce/bouncedRecipients/0/emailAddress").asText());
            assertEquals("smtp; 550 5.1.1 user unknown", event.at("/bounce/bouncedRecipients/0/diagnosticCode").asText());
            assertEquals(messageId, event.at("/mail/messageId").asText());
            assertEquals("D-2", event.at("/mail/tags/deliveryId/0").asText());
            assertEquals("1", event.at("/mail/tags/attempt/0").asText());
            assertEquals(system.resources().ref("EmailConfigurationSet"),
                    event.at("/mail/tags/ses:configuration-set/0").asText());
            assertEquals("Accusé de réception – échéance dépassée", event.at("/mail/commonHeaders/subject").asText());
        }

        @Test
        void publishesAnyEventKindForAMessageId(LocalSystem system) throws Exception {
            PublishedSesEvent delay = system.sesEvents().publish(SesEventKind.DELIVERY_DELAY, "unknown-message",
                    "lent@exemple.fr", Map.of("deliveryId", "D-3", "attempt", "2"), Instant.now());

            JsonNode envelope = JSON.readTree(takeFromEventsQueue(system, delay.snsMessageId()).body());
            JsonNode event = JSON.readTree(envelope.path("Message").asText());
            assertEquals("DeliveryDelay", event.path("eventType").asText());
            assertEquals("lent@exemple.fr", event.at("/deliveryDelay/delayedRecipients/0/emailAddress").asText());
            assertEquals("2", event.at("/mail/tags/attempt/0").asText());
        }

        private String sendEmail(LocalSystem system, String recipient, String deliveryId) {
            return system.sesV2().sendEmail(request -> request
                    .fromEmailAddress("nepasrepondre@messagerie.local")
                    .destination(destination -> destination.toAddresses(recipient))
                    .configurationSetName(system.resources().ref("EmailConfigurationSet"))
                    .emailTags(MessageTag.builder().name("deliveryId").value(deliveryId).build(),
                            MessageTag.builder().name("attempt").value("1").build())
                    .content(content -> content.simple(message -> message
                            .subject(subject -> subject.charset("UTF-8").data("Accusé de réception – échéance dépassée"))
                            .body(body -> body
                                    .html(html -> html.charset("UTF-8").data("<p>Votre réponse a été reçue.</p>"))
                                    .text(text -> text.charset("UTF-8").data("Votre réponse a été reçue.")))
                            .headers(header -> header.name("X-Messagerie-Delivery").value(deliveryId)))))
                    .messageId();
        }

        /** Receives from the events queue until the message with that SNS id shows up, and deletes it. */
        private Message takeFromEventsQueue(LocalSystem system, String snsMessageId) throws Exception {
            String url = system.sesEvents().queueUrl();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (Message message : system.sqsClient().receiveMessage(request -> request.queueUrl(url)
                        .maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(0)).messages()) {
                    if (JSON.readTree(message.body()).path("MessageId").asText().equals(snsMessageId)) {
                        system.sqsClient().deleteMessage(request -> request.queueUrl(url)
                                .receiptHandle(message.receiptHandle()));
                        return message;
                    }
                }
            }
            throw new AssertionError("No SNS notification " + snsMessageId + " on " + url);
        }
    }

    private static List<String> templateKeys(Object templateKeySchema) {
        return SamTemplate.listOrEmpty(templateKeySchema).stream()
                .map(SamTemplate::mapOrEmpty)
                .map(key -> key.get("AttributeName") + " " + key.get("KeyType"))
                .toList();
    }

    private static List<String> actualKeys(List<KeySchemaElement> keySchema) {
        return keySchema.stream().map(key -> key.attributeName() + " " + key.keyTypeAsString()).toList();
    }
}
