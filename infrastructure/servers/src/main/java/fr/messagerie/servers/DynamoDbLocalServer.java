package fr.messagerie.servers;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** DynamoDB Local, in process, in memory or in a directory, one database for every access key and region. */
final class DynamoDbLocalServer implements AutoCloseable {

    private static final int ATTEMPTS = 3;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /** DynamoDB Local rejects port 0, so a free port is picked first (and picked again if it was taken meanwhile). */
    static DynamoDbLocalServer start() throws Exception {
        return start(null);
    }

    /** {@code dataDirectory} null keeps the tables in memory; otherwise they are kept in that directory. */
    static DynamoDbLocalServer start(Path dataDirectory) throws Exception {
        String[] storage;
        if (dataDirectory == null) {
            storage = new String[] {"-inMemory"};
        } else {
            Files.createDirectories(dataDirectory);
            storage = new String[] {"-dbPath", dataDirectory.toAbsolutePath().toString()};
        }
        Exception last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freePort();
            String[] arguments = Stream.concat(Stream.of(storage),
                    Stream.of("-sharedDb", "-disableTelemetry", "-port", String.valueOf(port))).toArray(String[]::new);
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(arguments);
            try {
                server.start();
                return new DynamoDbLocalServer(server, port);
            } catch (Exception e) {
                last = e;
                stopQuietly(server);
            }
        }
        throw last;
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // the server never started
        }
    }
}
