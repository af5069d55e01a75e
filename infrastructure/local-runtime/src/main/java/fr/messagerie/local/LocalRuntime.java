package fr.messagerie.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.messagerie.sam.LocalConfig;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.LocalAws;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The whole system on localhost: AWS-compatible servers (DynamoDB tables and S3 objects kept in a data folder),
 * resources provisioned from template.yaml, every HTTP route behind one local server with the JWT authorizer
 * emulated, SQS pollers, SES's event stream simulated, a mailbox page and demo data.
 */
public final class LocalRuntime implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final String baseUrl;
    private final LocalAws aws;
    private final LocalSystem system;
    private final DevelopmentAgents agents;
    private final List<DemoData.DemoConsultation> consultations;
    private final QueuePollers pollers;
    private final SesFeedbackLoop sesFeedback;
    private final Duration awsStartup;
    private final ConsoleFiles console;
    /** False when serving a system provisioned elsewhere ({@link #serve}): closing leaves it running. */
    private final boolean ownsSystem;

    private LocalRuntime(HttpServer server, ExecutorService httpThreads, String baseUrl, LocalAws aws,
                         LocalSystem system, DevelopmentAgents agents, List<DemoData.DemoConsultation> consultations,
                         QueuePollers pollers, SesFeedbackLoop sesFeedback, boolean ownsSystem) {
        this.server = server;
        this.httpThreads = httpThreads;
        this.baseUrl = baseUrl;
        this.aws = aws;
        this.system = system;
        this.agents = agents;
        this.consultations = consultations;
        this.pollers = pollers;
        this.sesFeedback = sesFeedback;
        this.ownsSystem = ownsSystem;
        this.awsStartup = aws.startupTime();
        this.console = new ConsoleFiles(system.config().templateFile().getParent().resolve("web").resolve("dist"));
    }

    /** Starts everything and serves; port 0 picks a free port. */
    public static LocalRuntime start(RuntimeOptions options) throws IOException {
        if (options.clean()) {
            deleteRecursively(options.dataDirectory());
        }
        Files.createDirectories(options.dataDirectory());
        // Bound first: the recipient links in the mail need the real port before provisioning.
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 64);
        String baseUrl = "http://localhost:" + server.getAddress().getPort();
        LocalConfig config = LocalConfig.forRepository(options.repositoryRoot())
                .withParameter("RecipientBaseUrl", baseUrl)
                .withParameter("AgentFrontEndOrigin", baseUrl)
                .withS3DataDirectory(options.dataDirectory().resolve("s3"));
        List<AutoCloseable> started = new ArrayList<>();
        try {
            LocalAws aws = LocalAws.start(config.servers(), options.dataDirectory().resolve("dynamodb"));
            started.add(aws);
            LocalSystem system = LocalSystem.on(aws, config);
            DevelopmentAgents agents = DevelopmentAgents.load(options.dataDirectory());
            List<DemoData.DemoConsultation> consultations = DemoData.load(system.api(), agents);
            QueuePollers pollers = new QueuePollers(system.sqs());
            started.add(pollers);
            SesFeedbackLoop sesFeedback = new SesFeedbackLoop(system.mailbox(), system.sesEvents());
            started.add(sesFeedback);
            return serve(new LocalRuntime(server, httpThreads(), baseUrl, aws, system, agents, consultations,
                    pollers, sesFeedback, true));
        } catch (RuntimeException e) {
            server.stop(0);
            Collections.reverse(started);
            closeAll(started);
            throw e;
        }
    }

    /**
     * Serves the console and every HTTP route of a system provisioned elsewhere (the benchmark's, whose servers may be
     * shared) on a free port: no SQS pollers, no SES event stream, no demo data, and closing stops only this HTTP
     * server. The development agents' tokens are kept in {@code dataDirectory}.
     */
    public static LocalRuntime serve(LocalSystem system, Path dataDirectory) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        String baseUrl = "http://localhost:" + server.getAddress().getPort();
        try {
            return serve(new LocalRuntime(server, httpThreads(), baseUrl, system.aws(), system,
                    DevelopmentAgents.load(dataDirectory), List.of(), null, null, false));
        } catch (RuntimeException e) {
            server.stop(0);
            throw e;
        }
    }

    private static LocalRuntime serve(LocalRuntime runtime) {
        runtime.server.createContext("/", runtime::route);
        runtime.server.setExecutor(runtime.httpThreads);
        runtime.server.start();
        return runtime;
    }

    private static ExecutorService httpThreads() {
        return Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "local-http");
            thread.setDaemon(true);
            return thread;
        });
    }

    public String baseUrl() {
        return baseUrl;
    }

    public DevelopmentAgents agents() {
        return agents;
    }

    public List<DemoData.DemoConsultation> demoConsultations() {
        return consultations;
    }

    public LocalSystem system() {
        return system;
    }

    Duration awsStartup() {
        return awsStartup;
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        try {
            if (path.equals(HomePage.ROOT) && isRead(exchange)) {
                html(exchange, 200, HomePage.render(baseUrl, agents, consultations));
            } else if (path.equals("/openapi.yaml") && isRead(exchange)) {
                exchange.getResponseHeaders().set("Content-Type", "application/yaml; charset=utf-8");
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                ApiGatewayHandler.send(exchange, 200, Files.readAllBytes(
                        system.config().templateFile().getParent().resolve("openapi.yaml")));
            } else if (path.equals(HomePage.AGENTS) && isRead(exchange)) {
                json(exchange, HomePage.agentsJson(agents));
            } else if (isRead(exchange) && isConsolePath(path) && new ApiGatewayHandler(system.api(), agents)
                    .matches(exchange.getRequestMethod(), path).isEmpty()) {
                consoleFile(exchange, path);
            } else if ((path.equals(MailboxPages.ROOT) || path.startsWith(MailboxPages.ROOT + "/"))
                    && isRead(exchange)) {
                MailboxPages.Response response = new MailboxPages(system.mailbox()).get(path);
                exchange.getResponseHeaders().set("Content-Type", response.contentType());
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                if (response.fileName() != null) {
                    exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename*=UTF-8''"
                            + URLEncoder.encode(response.fileName(), StandardCharsets.UTF_8)
                            .replace("+", "%20"));
                }
                ApiGatewayHandler.send(exchange, response.status(), response.body());
            } else {
                new ApiGatewayHandler(system.api(), agents).handle(exchange);
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(LocalRuntime.class).error("{} {} failed", exchange.getRequestMethod(), path, e);
            html(exchange, 500, Html.page("Erreur", "<h1>Erreur interne de l'environnement local</h1>"));
        }
    }

    private static boolean isConsolePath(String path) {
        return path.equals("/") || path.equals("/index.html") || path.equals("/config.json")
                || path.startsWith("/assets/");
    }

    private void consoleFile(HttpExchange exchange, String path) throws IOException {
        if (!console.built()) {
            html(exchange, path.equals("/") ? 200 : 404, Html.page("Console non construite",
                    "<h1>La console des acheteurs n'est pas construite</h1><p>Lancez <code>mvn -B -DskipTests "
                            + "-Plocal -pl infrastructure/local-runtime -am verify</code>, ou <code>cd web &amp;&amp; npm ci &amp;&amp; "
                            + "npm run build</code>. Les agents de développement et les exemples curl sont sur "
                            + "<a href=\"" + HomePage.ROOT + "\">" + HomePage.ROOT + "</a>.</p>"));
            return;
        }
        var file = console.get(path);
        if (file.isEmpty()) {
            html(exchange, 404, Html.page("Introuvable", "<h1>Fichier introuvable</h1>"));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", file.get().contentType());
        exchange.getResponseHeaders().set("Cache-Control", file.get().immutable()
                ? "public, max-age=31536000, immutable" : "no-cache");
        exchange.getResponseHeaders().set("Content-Security-Policy",
                ConsoleFiles.contentSecurityPolicy(system.aws().endpoints().s3().toString()));
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "same-origin");
        ApiGatewayHandler.send(exchange, 200, file.get().bytes());
    }

    private static void json(HttpExchange exchange, String json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        ApiGatewayHandler.send(exchange, 200, json.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isRead(HttpExchange exchange) {
        return exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD");
    }

    private static void html(HttpExchange exchange, int status, String html) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        ApiGatewayHandler.send(exchange, status, html.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Stops serving, lets the pollers finish their current batch, then stops the servers (node included), unless the
     * system was provisioned elsewhere.
     */
    @Override
    public void close() {
        server.stop(0);
        httpThreads.shutdownNow();
        if (ownsSystem) {
            closeAll(List.of(sesFeedback, pollers, system, aws));
        }
    }

    private static void closeAll(List<? extends AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LoggerFactory.getLogger(LocalRuntime.class).warn("Could not stop {}", resource, e);
            }
        }
    }

    /** Removes a folder of local data and all it holds; nothing if it is already gone. */
    public static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public static void main(String[] args) throws Exception {
        // s3proxy brings logback, which logs at DEBUG without a configuration.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "fr/messagerie/local/logback-local.xml");
        }
        long begin = System.nanoTime();
        Path root = LocalConfig.findRepositoryRoot(Path.of(System.getProperty("user.dir")));
        RuntimeOptions options = RuntimeOptions.parse(args, root);
        LocalRuntime runtime = start(options);
        Duration ready = Duration.ofNanos(System.nanoTime() - begin);
        Duration sinceJvm = Duration.ofMillis(System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nArrêt de l'environnement local…");
            runtime.close();
            stopped.countDown();
        }, "local-runtime-shutdown"));
        System.out.println(Banner.text(runtime, options, ready, sinceJvm));
        stopped.await();
    }
}
