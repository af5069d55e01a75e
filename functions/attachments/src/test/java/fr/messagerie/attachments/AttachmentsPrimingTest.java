package fr.messagerie.attachments;

import fr.messagerie.aws.Priming;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SnapStart priming of the attachments function lists and links the file of its synthetic draft as a real
 * request does, and nothing of it reaches the function's servers.
 */
class AttachmentsPrimingTest {
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
    void primingReadsItsSyntheticDraftAndNothingFromTheServers() throws ReflectiveOperationException {
        Map<String, String> env = Map.of("AWS_REGION", "eu-west-3",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:" + endpoint.getLocalPort(), "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test", "TABLE_NAME", "table", "FILES_BUCKET", "bucket");
        Field hook = AttachmentsHandler.class.getDeclaredField("priming");
        hook.setAccessible(true);

        Priming.Offline answered = ((Priming) hook.get(new AttachmentsHandler(env))).prime();

        // The list (the draft, its file) and the download link (the draft, the file).
        assertEquals(4 * Priming.ROUNDS, answered.itemsRead(), () -> "read " + answered.itemsRead() + " items");
        assertEquals(0, answered.emails());
        assertEquals(0, connections.get(), "priming read nothing from the servers and left no connection");
    }
}
