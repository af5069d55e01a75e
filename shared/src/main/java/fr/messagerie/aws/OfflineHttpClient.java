package fr.messagerie.aws;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP client of the priming clients: every request is marshalled, signed and its body read as if sent, then
 * answered in the process, so that no byte leaves the function. The answer is an empty success ({@code {}} for JSON
 * protocols; SESv2 SendEmail gets a message id, {@value #MESSAGE_ID}, as from SES), except for DynamoDB while a
 * priming runs ({@link #scratch}): it then answers from the {@link OfflineTable} of that priming, which holds only
 * what the priming wrote. Nothing is remembered beyond the priming.
 */
final class OfflineHttpClient implements SdkHttpClient {
    static final OfflineHttpClient INSTANCE = new OfflineHttpClient();
    /** The id of every email "sent" by a priming twin. */
    static final String MESSAGE_ID = "amorcage";
    private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SENT_EMAIL = ("{\"MessageId\":\"" + MESSAGE_ID + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    /** The scratch of the priming in progress, if any. */
    private static volatile Scratch current;

    private OfflineHttpClient() {
    }

    /**
     * Opens the scratch table of one priming: the offline clients' DynamoDB until {@link Scratch#close}, which drops
     * it. A priming runs on one thread, before the snapshot.
     */
    static Scratch scratch() {
        Scratch scratch = new Scratch();
        current = scratch;
        return scratch;
    }

    /** The scratch table of one priming, and the count of what its offline clients answered. */
    static final class Scratch implements AutoCloseable {
        private final OfflineTable table = new OfflineTable();
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger emails = new AtomicInteger();

        Priming.Offline answered() {
            return new Priming.Offline(requests.get(), table.itemsRead(), emails.get());
        }

        @Override
        public void close() {
            if (current == this) {
                current = null;
            }
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                byte[] sent = request.contentStreamProvider().map(body -> {
                    try (InputStream in = body.newStream()) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).orElse(new byte[0]);
                byte[] body = answer(request.httpRequest(), sent);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("x-amzn-RequestId", "priming")
                                .putHeader("Content-Length", String.valueOf(body.length))
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private static byte[] answer(SdkHttpRequest request, byte[] sent) {
        boolean json = request.firstMatchingHeader("Content-Type").map(type -> type.contains("json")).orElse(false);
        String target = request.firstMatchingHeader("X-Amz-Target").orElse("");
        Scratch scratch = current;
        if (scratch != null) {
            scratch.requests.incrementAndGet();
            if (target.startsWith("DynamoDB_")) {
                return scratch.table.answer(target, sent);
            }
        }
        if (request.encodedPath().endsWith("/v2/email/outbound-emails")) {
            if (scratch != null) {
                scratch.emails.incrementAndGet();
            }
            return SENT_EMAIL;
        }
        return json ? EMPTY_JSON : new byte[0];
    }

    @Override
    public String clientName() {
        return "Offline";
    }

    @Override
    public void close() {
    }
}
