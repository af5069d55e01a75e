package fr.messagerie.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.messagerie.sam.FunctionDefinition;
import fr.messagerie.sam.LocalSystem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Cold starts: each measurement is a fresh JVM whose classpath is the function's shaded Lambda jar plus a folder
 * holding only {@link ColdStartLauncher} and the benchmark's CRaC implementation ({@code bench.crac}), timed from
 * process start to the handler's first response, and the first request alone (see {@link ColdStartLauncher}).
 */
final class ColdStarts {
    private static final ObjectMapper EVENTS = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final long TIMEOUT_SECONDS = 90;
    /** The runtime's own Jackson in the cold JVMs (databind, core, annotations). */
    private static final String RUNTIME_JSON = String.join(java.io.File.pathSeparator, List.of(
            codeSource(ObjectMapper.class).toString(), codeSource(com.fasterxml.jackson.core.JsonFactory.class).toString(),
            codeSource(JsonInclude.class).toString()));

    /** A function to start cold, with the event of each run. */
    record Target(String functionId, String description, IntFunction<Object> eventOfRun) {
    }

    /** One fresh JVM: process start to first response, and the first request alone (event in, response out). */
    record Measure(long startToResponseNanos, long firstRequestNanos) {
    }

    /** Lambda's init only, or init then the priming hooks that run before a SnapStart snapshot. */
    enum Mode { COLD, PRIMED }

    private static final String CRAC = "fr.messagerie.bench.crac";
    private static final List<String> LAUNCHER_CLASSES = List.of(ColdStartLauncher.class.getName(),
            CRAC + ".Core", CRAC + ".Core$GlobalContext", CRAC + ".Context", CRAC + ".Resource",
            CRAC + ".CheckpointException", CRAC + ".RestoreException");

    private final LocalSystem system;
    private final BenchOptions options;
    private final Path workDir;
    private final Path launcherDir;

    ColdStarts(LocalSystem system, BenchOptions options, Path workDir) {
        this.system = system;
        this.options = options;
        this.workDir = workDir;
        this.launcherDir = copyClasses(LAUNCHER_CLASSES, workDir.resolve("launcher"));
        // The cold JVMs are this JVM's java; it must be the one of the template's Lambda runtime.
        Object runtime = ((Map<?, ?>) system.template().globals().getOrDefault("Function", Map.of())).get("Runtime");
        if (!("java" + Runtime.version().feature()).equals(runtime)) {
            throw new IllegalStateException("The template's functions run on " + runtime + ", this benchmark on Java "
                    + Runtime.version().feature() + ": run it with that JDK (JAVA_HOME)");
        }
    }

    /** Where {@code mvn package} puts a function's jar, following -DtargetName. */
    static Path jarOf(FunctionDefinition function, BenchOptions options) {
        return options.repositoryRoot().resolve(function.codeUri().replace("/target/", "/" + options.targetName() + "/"));
    }

    /** Fails with the command to run when a function's jar is missing. */
    static void checkJars(LocalSystem system, BenchOptions options) {
        List<String> missing = system.template().functions().stream()
                .map(function -> jarOf(function, options))
                .filter(jar -> !Files.isRegularFile(jar))
                .map(Path::toString)
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing Lambda jars " + missing + ": build them first with `mvn -B -DskipTests"
                    + " package` (or run the benchmark as `mvn -B -q -DskipTests -Pbench -pl infrastructure/benchmarks -am verify`)");
        }
    }

    /** Floor: a trivial handler with the Lambda interfaces and the event classes, started the same way. */
    Measure floor(Object event, Map<String, String> env) {
        Path floorDir = copyClasses(List.of(FloorHandler.class.getName()), workDir.resolve("floor"));
        List<Path> classpath = new ArrayList<>(List.of(launcherDir, floorDir));
        for (Class<?> type : List.of(RequestHandler.class, APIGatewayV2HTTPEvent.class)) {
            classpath.add(codeSource(type));
        }
        return start(classpath, FloorHandler.class.getName(), event, env, Mode.COLD);
    }

    /** One fresh JVM of the function, with the event of this run. */
    Measure start(Target target, int run, Mode mode) {
        FunctionDefinition function = system.template().function(target.functionId());
        return start(List.of(jarOf(function, options), launcherDir), function.handlerClass(),
                target.eventOfRun().apply(run), system.functionEnv(target.functionId()), mode);
    }

    /** The event API Gateway gives a function for one request, caught instead of handled. */
    Object httpEvent(String functionId, Runnable request) {
        RequestHandler<Object, Object> catcher = (event, context) ->
                APIGatewayV2HTTPResponse.builder().withStatusCode(200).build();
        return capture(functionId, catcher, request);
    }

    /** The next SQSEvent batch the event source mapping would give the function (its messages are consumed). */
    Object sqsEvent(String functionId) {
        RequestHandler<Object, Object> catcher = (event, context) -> null;
        Object event = capture(functionId, catcher, () -> system.sqs().pumpOnce(functionId));
        if (event == null) {
            throw new IllegalStateException("No message in the queue of " + functionId);
        }
        return event;
    }

    private Object capture(String functionId, RequestHandler<Object, Object> catcher, Runnable trigger) {
        AtomicReference<Object> caught = new AtomicReference<>();
        RequestHandler<Object, Object> recording = (event, context) -> {
            caught.set(event);
            return catcher.handleRequest(event, context);
        };
        try (AutoCloseable restore = system.functions().replace(functionId, recording)) {
            trigger.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return caught.get();
    }

    private Measure start(List<Path> classpath, String handlerClass, Object event, Map<String, String> env,
                          Mode mode) {
        try {
            Path eventFile = Files.createTempFile(workDir, "event", ".json");
            Files.writeString(eventFile, EVENTS.writeValueAsString(event));
            Path envFile = Files.createTempFile(workDir, "env", ".properties");
            Properties properties = new Properties();
            properties.putAll(env);
            try (Writer writer = Files.newBufferedWriter(envFile, StandardCharsets.UTF_8)) {
                properties.store(writer, null);
            }
            Path log = Files.createTempFile(workDir, "jvm", ".log");
            // The template's JVM flags come with the function's environment (JAVA_TOOL_OPTIONS), as on Lambda.
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dorg.crac.Core.Compat=" + CRAC,
                    "-cp", String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()),
                    ColdStartLauncher.class.getName(), handlerClass, event.getClass().getName(),
                    eventFile.toString(), envFile.toString(), mode.name().toLowerCase(java.util.Locale.ROOT),
                    RUNTIME_JSON)
                    .redirectError(log.toFile());
            builder.environment().putAll(env);
            long begin = System.nanoTime();
            Process process = builder.start();
            String marker = firstResponse(process);
            long elapsed = System.nanoTime() - begin;
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            String[] words = marker == null ? new String[0] : marker.split(" ");
            if (words.length != 3 || !(words[1].matches("status=[23]\\d\\d") || words[1].equals("failures=0")
                    || words[1].equals("null"))) {
                throw new IllegalStateException(handlerClass + " answered " + marker + " in its cold JVM:\n"
                        + tail(log));
            }
            String primed = "Primed " + handlerClass.substring(handlerClass.lastIndexOf('.') + 1);
            if (mode == Mode.PRIMED && Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .noneMatch(line -> line.contains(primed))) {
                throw new IllegalStateException(handlerClass + " ran no priming hook before its first request:\n"
                        + tail(log));
            }
            return new Measure(elapsed, Long.parseLong(words[2]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String firstResponse(Process process) throws IOException {
        try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(ColdStartLauncher.MARKER)) {
                    return line;
                }
            }
        }
        return null;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Copies compiled classes (and only them) into a fresh classpath folder. */
    private static Path copyClasses(List<String> classNames, Path folder) {
        for (String className : classNames) {
            String resource = className.replace('.', '/') + ".class";
            try (InputStream bytes = ColdStarts.class.getClassLoader().getResourceAsStream(resource)) {
                if (bytes == null) {
                    throw new IllegalStateException("No " + resource + " on the classpath");
                }
                Path target = folder.resolve(resource);
                Files.createDirectories(target.getParent());
                Files.copy(bytes, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
