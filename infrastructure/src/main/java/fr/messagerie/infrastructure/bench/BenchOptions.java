package fr.messagerie.infrastructure.bench;

import fr.messagerie.infrastructure.LocalConfig;
import java.nio.file.Path;

/**
 * Sizes of one benchmark run. Quick mode (CI) keeps every measurement but with few iterations and small data.
 * Command line ({@code -Dbench.args="..."}): {@code [--quick] [--only cold-start] [--out FILE] [--target-name NAME]};
 * {@code --only cold-start} measures the section "Cold start" alone, at the same size, on letters of its own instead
 * of the other sections' data (as many as the warm calls, which warm the local servers as the other sections would).
 *
 * @param targetName the build's output folder of the function modules ({@code -DtargetName}, "target" by default)
 * @param coldStartOnly only the section "Cold start" ({@code --only cold-start})
 */
public record BenchOptions(boolean quick, Path repositoryRoot, Path out, String targetName, int coldRuns,
                           int warmCalls, int fanOutRecipients, int trackingRows, int trackingCalls, int pdfRuns,
                           int pumpThreads, boolean coldStartOnly) {
    /** The value of {@code --only} that keeps the section "Cold start" alone. */
    public static final String COLD_START = "cold-start";

    /**
     * Concurrent invocations of the SQS functions. SesRecordingProxy serves and forwards on one 4-thread pool, so 4
     * concurrent SendEmail calls starve it; 2 also matches this machine's cores.
     */
    static final int PUMP_THREADS = 2;

    public static BenchOptions full(Path root) {
        return new BenchOptions(false, root, root.resolve("benchmarks.md"), defaultTargetName(), 5, 200, 1000,
                10_000, 10, 10, PUMP_THREADS, false);
    }

    public static BenchOptions quick(Path root) {
        String targetName = defaultTargetName();
        return new BenchOptions(true, root, root.resolve("infrastructure").resolve(targetName)
                .resolve("benchmarks-quick.md"), targetName, 1, 10, 50, 500, 3, 2, PUMP_THREADS, false);
    }

    /** {@code [--quick] [--only cold-start] [--out FILE] [--target-name NAME]}. */
    public static BenchOptions parse(String... args) {
        Path root = LocalConfig.findRepositoryRoot(Path.of("").toAbsolutePath());
        BenchOptions options = full(root);
        Path out = null;
        String targetName = null;
        boolean coldStartOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> options = quick(root);
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                case "--target-name" -> targetName = args[++i];
                case "--only" -> {
                    if (!COLD_START.equals(args[++i])) {
                        throw new IllegalArgumentException("--only " + args[i] + ": only --only " + COLD_START
                                + " is supported");
                    }
                    coldStartOnly = true;
                }
                case "" -> { }
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]
                        + " (expected --quick, --only cold-start, --out FILE, --target-name NAME)");
            }
        }
        return options.with(out, targetName).withColdStartOnly(coldStartOnly);
    }

    public BenchOptions with(Path newOut, String newTargetName) {
        return new BenchOptions(quick, repositoryRoot, newOut == null ? out : newOut,
                newTargetName == null ? targetName : newTargetName, coldRuns, warmCalls, fanOutRecipients,
                trackingRows, trackingCalls, pdfRuns, pumpThreads, coldStartOnly);
    }

    public BenchOptions withColdStartOnly(boolean only) {
        return new BenchOptions(quick, repositoryRoot, out, targetName, coldRuns, warmCalls, fanOutRecipients,
                trackingRows, trackingCalls, pdfRuns, pumpThreads, only);
    }

    /** Surefire passes the build's targetName as messagerie.targetName. */
    private static String defaultTargetName() {
        String name = System.getProperty("messagerie.targetName", "");
        return name.isBlank() || name.startsWith("${") ? "target" : name;
    }
}
