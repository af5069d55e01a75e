package fr.messagerie.send;

import fr.messagerie.aws.Priming;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SnapStart priming of the send function goes the whole way of a dispatch (both send modes, through the
 * renderer, MIME and SES marshalling) on its synthetic records, and nothing of it reaches the function's servers.
 */
class SendPrimingTest {
    private ServerSocket endpoint;
    private final AtomicInteger connections = new AtomicInteger();

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
    }

    @AfterEach
    void close() throws IOException {
        endpoint.close();
    }

    @Test
    void primingSendsBothSyntheticEmailsInTheProcessAndNothingToTheServers() throws ReflectiveOperationException {
        String url = "http://127.0.0.1:" + endpoint.getLocalPort();
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "eu-west-3", "AWS_ENDPOINT_URL", url,
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "TABLE_NAME", "table",
                "FILES_BUCKET", "bucket", "DISPATCH_QUEUE_URL", url + "/000000000000/dispatch",
                "THROTTLED_DISPATCH_FIRST_WAIT_SECONDS", "60", "SENDER_ADDRESS", "nepasrepondre@exemple.fr",
                "CONFIGURATION_SET_NAME", "messagerie"));
        env.putAll(Map.of("RECIPIENT_BASE_URL", "https://messagerie.exemple.fr", "EVIDENCE_LOCK_MODE", "GOVERNANCE",
                "EVIDENCE_RETENTION_YEARS", "6"));
        Field hook = SendHandler.class.getDeclaredField("priming");
        hook.setAccessible(true);

        Priming.Offline answered = ((Priming) hook.get(new SendHandler(env))).prime();

        assertEquals(2 * Priming.ROUNDS, answered.emails(), "the access-link notification and the simple email");
        // Per dispatch: the delivery's log head, the letter, its file (the sent event is folded, not read back).
        assertEquals(6 * Priming.ROUNDS, answered.itemsRead(), () -> "read " + answered.itemsRead() + " items");
        assertEquals(0, connections.get(), "priming sent nothing to the servers and left no connection");
    }
}
