package fr.messagerie.aws;

import fr.messagerie.delivery.Mailer;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.FileKeys;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.SendMode;
import fr.messagerie.recipient.Exchanges;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a SnapStart snapshot may hold after priming: the clients of an offline twin run the whole SDK pipeline
 * (marshalling, signing, parsing) without a single connection, even where the function's endpoints point; the
 * synthetic records a priming writes live in its scratch table only, and only while it runs.
 */
class PrimingTest {
    private ServerSocket endpoint;
    private final AtomicInteger connections = new AtomicInteger();
    private Map<String, String> env;

    @BeforeEach
    void listen() throws IOException {
        endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!endpoint.isClosed()) {
                try (Socket ignored = endpoint.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        String url = "http://127.0.0.1:" + endpoint.getLocalPort();
        env = Map.of("AWS_REGION", "eu-west-3", "AWS_ENDPOINT_URL", url, "TABLE_NAME", "table",
                "FILES_BUCKET", "bucket");
    }

    @AfterEach
    void close() throws IOException {
        endpoint.close();
    }

    @Test
    void offlineClientsAnswerInTheProcessAndNeverConnect() {
        Map<String, String> twin = Priming.offline(env);
        DynamoDbClient dynamo = AwsClients.configure(DynamoDbClient.builder(), twin, "DYNAMODB").build();
        SqsClient sqs = AwsClients.configure(SqsClient.builder(), twin, "SQS").build();
        S3FileStore files = S3FileStore.fromEnv(twin);

        assertFalse(dynamo.getItem(r -> r.tableName("table")
                .key(Map.of("PK", AttributeValue.fromS("CONS#amorcage"), "SK", AttributeValue.fromS("META"))))
                .hasItem());
        assertFalse(dynamo.query(r -> r.tableName("table").keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("x")))).hasItems());
        sqs.getQueueUrl(r -> r.queueName("amorcage"));
        files.write(FileKeys.proof("amorcage", "amorcage"), new byte[] {1, 2, 3}, "application/pdf", Map.of());
        assertTrue(files.presignGet(FileKeys.proof("amorcage", "amorcage"), "preuve.pdf", "application/pdf",
                        Duration.ofMinutes(5))
                .contains("X-Amz-Signature="));

        assertEquals(0, connections.get(), "priming must leave no connection in the snapshot");
    }

    @Test
    void theSyntheticLinkOpensItsDeliveryAsARealLinkDoes() {
        Map<String, String> twin = Priming.offline(env);
        List<String> reached = new ArrayList<>();
        Priming.register(PrimingTest.class, () -> {
            PrimingRecords.sentWithLink(twin);
            DynamoStores stores = DynamoStores.fromEnv(twin);
            new Exchanges(stores.deliveryLog(), stores.accessLinks(), stores.replies(), stores.letters(),
                    stores.attachments(), Clock.systemUTC()).reach(PrimingRecords.TOKEN, null)
                    .ifPresent(found -> reached.add(found.head().delivery().id()));
        }).prime();

        assertEquals(Collections.nCopies(Priming.ROUNDS, PrimingRecords.LINKED), reached,
                "every round goes past the landing page's check");
    }

    @Test
    void aPrimingFindsTheSyntheticRecordsItWroteAndOnlyWhileItRuns() {
        Map<String, String> twin = Priming.offline(env);
        List<Optional<Letter>> found = new ArrayList<>();
        Priming.Offline answered = Priming.register(PrimingTest.class, () -> {
            PrimingRecords.write(twin, "amorcage", SendMode.ACCESS_LINK, LetterState.SENT);
            DynamoStores stores = DynamoStores.fromEnv(twin);
            found.add(stores.letters().find("amorcage"));
            assertEquals("amorcage", stores.deliveries().find("amorcage").orElseThrow().letterId());
            assertEquals(List.of("Mémoire technique.pdf"), stores.attachments().list(AttachmentStore.Owner.letter(
                    "amorcage")).stream().map(stored -> stored.attachment().fileName()).toList());
            assertTrue(stores.letters().find("amorcage-absent").isEmpty());
        }).prime();

        Letter letter = found.get(0).orElseThrow();
        assertEquals(PrimingRecords.ORGANISM, letter.organismId());
        assertEquals(LetterState.SENT, letter.state());
        assertTrue(letter.recipients().get(0).email().endsWith(".invalid"), "a made-up recipient");
        assertEquals(3 * Priming.ROUNDS, answered.itemsRead(), "letter, delivery, file");
        assertTrue(answered.requests() >= 7, "the writes and the reads went through the offline clients");
        // The scratch table went with the priming: nothing of it is left for the snapshot.
        assertTrue(DynamoStores.fromEnv(twin).letters().find("amorcage").isEmpty());
        assertEquals(0, connections.get(), "priming must leave no connection in the snapshot");
    }

    @Test
    void syntheticRecordsGoToAnOfflineTwinOnly() {
        assertThrows(IllegalArgumentException.class,
                () -> PrimingRecords.write(env, "amorcage", SendMode.SIMPLE, LetterState.SENT));
        assertEquals(0, connections.get());
    }

    @Test
    void theOfflineSesSendsInTheProcessWithASyntheticMessageId() {
        SesV2Client ses = AwsClients.configure(SesV2Client.builder(), Priming.offline(env), "SESV2").build();
        Mailer.OutgoingEmail email = new Mailer.OutgoingEmail("destinataire@amorcage.invalid", "Amorçage",
                "<p>Bonjour,</p>", "Bonjour,", List.of(new Mailer.FileContent("offre.pdf", "application/pdf",
                new byte[] {'%', 'P', 'D', 'F'})), Map.of("deliveryId", "amorcage"));
        List<String> messageIds = new ArrayList<>();
        Priming.Offline answered = Priming.register(PrimingTest.class,
                () -> messageIds.add(new SesMailer(ses, "nepasrepondre@amorcage.invalid", "messagerie").send(email)))
                .prime();

        assertEquals(Priming.ROUNDS, messageIds.size());
        assertTrue(messageIds.stream().allMatch(OfflineHttpClient.MESSAGE_ID::equals));
        assertEquals(Priming.ROUNDS, answered.emails());
        assertEquals(0, connections.get(), "the email never left the process");
    }

    @Test
    void aFailingPrimingStopsEarlyWithoutFailingTheSnapshot() {
        Priming.Offline answered = Priming.register(PrimingTest.class, () -> {
            throw new IllegalStateException("synthetic");
        }).prime();
        assertEquals(0, answered.requests());
    }

    @Test
    void theFunctionsOwnClientsStillGoToTheirEndpoint() {
        DynamoDbClient dynamo = AwsClients.configure(DynamoDbClient.builder(), Map.of("AWS_REGION", "eu-west-3",
                        "AWS_ENDPOINT_URL", env.get("AWS_ENDPOINT_URL"), "AWS_ACCESS_KEY_ID", "test",
                        "AWS_SECRET_ACCESS_KEY", "test"), "DYNAMODB")
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(2))
                        .retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
                .build();
        try {
            dynamo.getItem(r -> r.tableName("table").key(Map.of("PK", AttributeValue.fromS("x"))));
        } catch (RuntimeException expected) {
            // The test endpoint closes every connection.
        }
        assertTrue(connections.get() > 0, "the counting endpoint saw the real client");
    }
}
