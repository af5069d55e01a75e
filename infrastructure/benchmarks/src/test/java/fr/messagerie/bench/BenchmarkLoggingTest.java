package fr.messagerie.bench;

import fr.messagerie.sam.LocalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The benchmark command's JVM, started with the options of the bench profile (infrastructure/benchmarks/pom.xml) on the
 * module's own classpath (no test resources): the servers and the SDK log at WARN, as in the local runtime, instead
 * of every AWS request at DEBUG (s3proxy brings logback, whose default is DEBUG).
 */
class BenchmarkLoggingTest {
    private static final List<String> LOGGERS = List.of("software.amazon.awssdk.request", "org.gaul.s3proxy",
            "org.eclipse.jetty", "org.apache.pekko", "org.elasticmq", "fr.messagerie.servers",
            "fr.messagerie.sam", "fr.messagerie.local");

    @Test
    void theBenchmarkJvmLogsNothingBelowWarn(@TempDir Path probeDir) throws Exception {
        Path root = LocalConfig.findRepositoryRoot(Path.of("").toAbsolutePath());
        copyProbe(probeDir);
        List<String> classpath = new ArrayList<>(List.of(probeDir.toString()));
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .forEach(classpath::add);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(benchJvmOptions(Files.readString(root.resolve("infrastructure/benchmarks/pom.xml"))));
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), Probe.class.getName()));
        command.addAll(LOGGERS);

        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);

        assertEquals(0, process.exitValue(), output);
        for (String logger : LOGGERS) {
            assertFalse(output.contains(logger + " debug") || output.contains(logger + " info"),
                    logger + " logs below WARN:\n" + output);
        }
        assertEquals(LOGGERS.size(), output.lines().filter(line -> line.endsWith(" warn")).count(), output);
    }

    /** The options the bench profile gives the benchmark's JVM: its exec arguments before -classpath. */
    private static List<String> benchJvmOptions(String pom) {
        String profile = pom.substring(pom.indexOf("<id>bench</id>"));
        String arguments = profile.substring(profile.indexOf("<arguments>"), profile.indexOf("<argument>-classpath"));
        List<String> options = new ArrayList<>();
        Matcher argument = Pattern.compile("<argument>([^<]*)</argument>").matcher(arguments);
        while (argument.find()) {
            options.add(argument.group(1));
        }
        return options;
    }

    private static void copyProbe(Path dir) throws IOException {
        String resource = Probe.class.getName().replace('.', '/') + ".class";
        try (InputStream bytes = Probe.class.getClassLoader().getResourceAsStream(resource)) {
            Path target = dir.resolve(resource);
            Files.createDirectories(target.getParent());
            Files.copy(bytes, target);
        }
    }

    /** Prints, for each logger named, the lowest level it logs at among debug, info and warn. */
    public static final class Probe {
        public static void main(String[] names) {
            for (String name : names) {
                org.slf4j.Logger logger = LoggerFactory.getLogger(name);
                System.out.println(name + (logger.isDebugEnabled() ? " debug" : logger.isInfoEnabled() ? " info"
                        : " warn"));
            }
        }
    }
}
