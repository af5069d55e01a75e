package fr.messagerie.bench;

import fr.messagerie.sam.LocalConfig;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Sizes of one benchmark run. Quick mode (CI) keeps every measurement but with few iterations and small data.
 *
 * @param targetName the build's output folder of the function modules ({@code -DtargetName}, "target" by default)
 * @param consoleNavigations page loads of the console's tracking list measured in Chromium (each way: files fetched,
 *                           files cached)
 * @param only the sections to report ({@link Benchmark#SECTION_NAMES}); empty for all of them
 */
public record BenchOptions(boolean quick, Path repositoryRoot, Path out, String targetName, int coldRuns,
                           int warmCalls, int fanOutRecipients, int trackingRows, int trackingCalls, int pdfRuns,
                           int pumpThreads, int consoleNavigations, Set<String> only) {
    /**
     * Concurrent invocations of the SQS functions. SesRecordingProxy serves and forwards on one 4-thread pool, so 4
     * concurrent SendEmail calls starve it; 2 also matches this machine's cores.
     */
    static final int PUMP_THREADS = 2;

    public BenchOptions {
        only = Set.copyOf(only);
    }

    public static BenchOptions full(Path root) {
        return new BenchOptions(false, root, root.resolve("benchmarks.md"), defaultTargetName(), 5, 200, 1000,
                10_000, 10, 10, PUMP_THREADS, 10, Set.of());
    }

    public static BenchOptions quick(Path root) {
        String targetName = defaultTargetName();
        return new BenchOptions(true, root, root.resolve("infrastructure").resolve("benchmarks").resolve(targetName)
                .resolve("benchmarks-quick.md"), targetName, 1, 10, 50, 500, 3, 2, PUMP_THREADS, 2, Set.of());
    }

    /**
     * {@code [--quick] [--out FILE] [--target-name NAME] [--only SECTION[,SECTION…]]}. {@code --only} (repeatable)
     * reports only these sections, named as in {@link Benchmark#SECTION_NAMES} ({@code --only console}); the
     * measurements a section builds on (the emails of the fan-out for the warm calls, say) still run, unreported.
     */
    public static BenchOptions parse(String... args) {
        Path root = LocalConfig.findRepositoryRoot(Path.of("").toAbsolutePath());
        BenchOptions options = full(root);
        Path out = null;
        String targetName = null;
        Set<String> only = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> options = quick(root);
                case "--out" -> out = Path.of(value(args, ++i)).toAbsolutePath();
                case "--target-name" -> targetName = value(args, ++i);
                case "--only" -> {
                    for (String name : value(args, ++i).split(",")) {
                        if (!Benchmark.SECTION_NAMES.contains(name)) {
                            throw new IllegalArgumentException("Unknown section " + name + " (expected one of "
                                    + String.join(", ", Benchmark.SECTION_NAMES) + ")");
                        }
                        only.add(name);
                    }
                }
                case "" -> { }
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]
                        + " (expected --quick, --out FILE, --target-name NAME, --only SECTION)");
            }
        }
        return options.with(out, targetName).only(only);
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    public BenchOptions with(Path newOut, String newTargetName) {
        return new BenchOptions(quick, repositoryRoot, newOut == null ? out : newOut,
                newTargetName == null ? targetName : newTargetName, coldRuns, warmCalls, fanOutRecipients,
                trackingRows, trackingCalls, pdfRuns, pumpThreads, consoleNavigations, only);
    }

    /** These options reporting only the sections named (all of them when empty). */
    public BenchOptions only(Set<String> sections) {
        return new BenchOptions(quick, repositoryRoot, out, targetName, coldRuns, warmCalls, fanOutRecipients,
                trackingRows, trackingCalls, pdfRuns, pumpThreads, consoleNavigations, sections);
    }

    /** Whether the section of this name is in the report. */
    public boolean reports(String section) {
        return only.isEmpty() || only.contains(section);
    }

    /** Surefire passes the build's targetName as messagerie.targetName. */
    private static String defaultTargetName() {
        String name = System.getProperty("messagerie.targetName", "");
        return name.isBlank() || name.startsWith("${") ? "target" : name;
    }
}
