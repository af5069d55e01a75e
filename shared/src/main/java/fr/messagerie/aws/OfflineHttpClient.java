package fr.messagerie.aws;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP client of the priming clients: every request is marshalled, signed and its body read as if sent, then
 * answered in the process with an empty success ({@code {}} for JSON protocols), so that no byte leaves the
 * function. Nothing is remembered between requests.
 */
final class OfflineHttpClient implements SdkHttpClient {
    static final OfflineHttpClient INSTANCE = new OfflineHttpClient();
    private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

    private OfflineHttpClient() {
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                request.contentStreamProvider().ifPresent(body -> {
                    try (InputStream in = body.newStream()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                boolean json = request.httpRequest().firstMatchingHeader("Content-Type")
                        .map(type -> type.contains("json")).orElse(false);
                byte[] body = json ? EMPTY_JSON : new byte[0];
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

    @Override
    public String clientName() {
        return "Offline";
    }

    @Override
    public void close() {
    }
}
