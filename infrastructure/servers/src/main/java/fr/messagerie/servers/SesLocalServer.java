package fr.messagerie.servers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * aws-ses-v2-local as a node child process (installed by {@code npm ci} on first use), behind a
 * {@link SesRecordingProxy}. The SDK talks to {@link #endpoint()}; the mailbox reads {@link #serverUri()}.
 */
final class SesLocalServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SesLocalServer.class);
    private static final Pattern READY = Pattern.compile("server running at http://[^:/]+:(\\d+)");
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final long INSTALL_TIMEOUT_MINUTES = 5;

    private final Process process;
    private final Thread shutdownHook;
    private final URI serverUri;
    private final SesRecordingProxy proxy;

    private SesLocalServer(Process process, Thread shutdownHook, URI serverUri, SesRecordingProxy proxy) {
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.serverUri = serverUri;
        this.proxy = proxy;
    }

    static SesLocalServer start(Path directory) throws Exception {
        Path cli = directory.resolve("node_modules/aws-ses-v2-local/dist/cli.js");
        ensureInstalled(directory, cli);
        Process process = new ProcessBuilder("node", cli.toString(), "--host", "127.0.0.1", "--port", "0")
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        Thread shutdownHook = new Thread(process::destroy, "ses-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            int port = awaitPort(process);
            URI serverUri = URI.create("http://127.0.0.1:" + port);
            return new SesLocalServer(process, shutdownHook, serverUri, SesRecordingProxy.start(serverUri));
        } catch (Exception e) {
            process.destroyForcibly();
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            throw e;
        }
    }

    /** Where the SDK sends SES v2 requests. */
    URI endpoint() {
        return proxy.endpoint();
    }

    /** The SES server itself, for its /store, /clear-store and /get-emlContent pages. */
    URI serverUri() {
        return serverUri;
    }

    Optional<SesRecordingProxy.RecordedSend> recordedSend(String messageId) {
        return proxy.recordedSend(messageId);
    }

    void clearRecords() {
        proxy.clear();
    }

    SesRecordingProxy proxy() {
        return proxy;
    }

    @Override
    public void close() throws InterruptedException {
        proxy.close();
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway
        }
    }

    /** Reads the child's output: the ready line gives the port, the rest goes to the debug log. */
    private static int awaitPort(Process process) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder startupOutput = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    LOG.debug("ses-server: {}", line);
                    Matcher ready = READY.matcher(line);
                    if (ready.find()) {
                        port.complete(Integer.parseInt(ready.group(1)));
                    } else if (!port.isDone()) {
                        synchronized (startupOutput) {
                            startupOutput.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("The SES server exited"));
        }, "ses-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            synchronized (startupOutput) {
                throw new IllegalStateException("The SES server did not start: " + startupOutput, e);
            }
        }
    }

    /** Runs {@code npm ci} once when node_modules is missing; a file lock keeps concurrent test JVMs apart. */
    private static void ensureInstalled(Path directory, Path cli) throws IOException, InterruptedException {
        if (Files.isRegularFile(cli)) {
            return;
        }
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "messagerie-ses-server-install.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.isRegularFile(cli)) {
                return;
            }
            LOG.info("Installing the SES server: npm ci in {}", directory);
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output;
            try (var stream = npm.getInputStream()) {
                output = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!npm.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.isRegularFile(cli)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci failed in " + directory + ":\n" + output);
            }
            LOG.debug("npm ci output:\n{}", output);
        }
    }
}
