package fr.messagerie.bench;

import fr.messagerie.aws.SqsBatch;
import fr.messagerie.sam.LocalConfig;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.SentEmail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The performance figures of DESIGN.md "Benchmarks", all measured in one run on this machine against the local AWS
 * servers, each beside its baseline. {@code mvn -B -q -DskipTests -Pbench -pl infrastructure/benchmarks -am verify}
 * (add {@code -Dbench.args="--quick"} for the CI-sized run, {@code --out FILE} to write elsewhere, {@code --only
 * console} for one section: see {@link BenchOptions#parse}).
 */
public final class Benchmark {
    public static final String COMMAND = "mvn -B -q -DskipTests -Pbench -pl infrastructure/benchmarks -am verify";
    public static final List<String> SECTIONS = List.of("Cold start", "Warm latency", "Send fan-out",
            "Event ingestion", "DynamoDB Local, one request at a time", "Tracking list at scale", "PDF proof",
            "Rich text, worst inputs", "Console");
    /** The sections' names for {@code --only}, in the order of {@link #SECTIONS}. */
    public static final List<String> SECTION_NAMES = List.of("cold-start", "warm", "fan-out", "ingestion",
            "requests", "tracking", "proof", "rich-text", "console");
    /** What a section measures on: the emails of the fan-out, the deliveries and letters of the warm calls. */
    private static final Map<String, List<String>> BUILDS_ON = Map.of("ingestion", List.of("fan-out"),
            "warm", List.of("fan-out"), "proof", List.of("warm"), "cold-start", List.of("warm"));

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        String[] words = Arrays.stream(args).flatMap(arg -> Arrays.stream(arg.trim().split("\\s+")))
                .filter(word -> !word.isEmpty()).toArray(String[]::new);
        BenchOptions options = BenchOptions.parse(words);
        Report report;
        try (LocalSystem system = LocalSystem.start(LocalConfig.forRepository(options.repositoryRoot())
                .withTargetName(options.targetName()))) {
            report = run(system, options);
        }
        System.out.println(report.markdown());
        System.out.println("Written to " + options.out());
        // The local servers leave non-daemon threads behind.
        System.exit(0);
    }

    /**
     * Runs every section (or those of {@code --only}) on a provisioned system (its servers may be shared) and writes
     * the report.
     */
    public static Report run(LocalSystem system, BenchOptions options) throws Exception {
        Set<String> runs = new HashSet<>();
        SECTION_NAMES.stream().filter(options::reports).forEach(name -> addWithWhatItBuildsOn(runs, name));
        if (runs.contains("cold-start")) {
            ColdStarts.checkJars(system, options);
        }
        Report report = new Report(header(options));
        BenchAgent agent = new BenchAgent(system.api());
        RawCalls raw = new RawCalls(system.dynamoDb(), system.resources().tableName("MessagerieTable"),
                system.sqsClient());
        try {
            FanOutBench sending = new FanOutBench(system, agent, options, raw);
            int rawThreads = sending.concurrency("SesEventsFunction", options.pumpThreads());
            Report.Section cold = new Report.Section(SECTIONS.get(0), "Fresh JVMs (`java -cp <function>-lambda.jar:"
                    + "<launcher>`, this JDK, the template's JAVA_TOOL_OPTIONS), medians of " + options.coldRuns()
                    + " run(s). *Start to response*: process start to the handler's first response (a cold start"
                    + " without SnapStart). *First request*: the event read from JSON, the handler invoked and its"
                    + " response written, by a Jackson of the launcher's own (as Lambda's runtime has its own"
                    + " serializer), after the handler's init: what a SnapStart restore leaves to do, without the"
                    + " priming hooks, then in another JVM after them (run through a CRaC implementation of the"
                    + " benchmark's, as Lambda runs them before its snapshot; the restore itself is not measured)."
                    + " The floor is a trivial handler with the Lambda interfaces and event classes, started the same"
                    + " way; goal: first request after priming ≤ ×1.5 the floor's.",
                    "Function", "First event", "Start to response", "Ratio", "First request", "After priming",
                    "Ratio after priming");
            Report.Section warm = new Report.Section(SECTIONS.get(1), options.warmCalls() + " calls each, handlers"
                    + " warm, through the template's routes (real API Gateway v2 events, in-process handler); raw ="
                    + " the SDK calls the use case makes, on scratch items of the same table.",
                    "Call", "Route", "p50", "p99", "Raw SDK calls", "Raw p50", "Raw p99", "Ratio p50");
            Report.Section fanOut = new Report.Section(SECTIONS.get(2), "From the send call until every email is in"
                    + " the SES server (dispatch queue drained through the send function, which sends the dispatches"
                    + " of a batch up to " + SqsBatch.PARALLELISM + " at a time after the first); raw = as many SESv2"
                    + " SendEmail calls of the same email, on as many threads as the function has calls in flight"
                    + " (pump threads × messages of a batch in progress at once); same calls = the SDK calls the"
                    + " function makes per email (GetItem, UpdateItem of the claim with its access link,"
                    + " SendEmail, TransactWriteItems of the event, the projection and the consultation's counts), raw"
                    + " on as many threads.",
                    "Letter", "Time", "Throughput", "Raw SendEmail", "Ratio", "Same calls, raw", "Ratio to them");
            Report.Section ingestion = new Report.Section(SECTIONS.get(3), "SES Delivery notifications (SNS shape)"
                    + " on the events queue, drained through the ses-events function, which records the messages of"
                    + " a batch up to " + SqsBatch.PARALLELISM + " at a time; raw = as many conditional PutItem on"
                    + " the same DynamoDB, on as many threads as the function has calls in flight (pump threads ×"
                    + " messages of a batch in progress at once); same calls = the SDK calls recording an event makes"
                    + " (GetItem of the log head, TransactWriteItems of the event, the projection and the"
                    + " consultation's counts, read again and retried when another holds the counts), raw on as many"
                    + " threads.", "Events", "Time", "Throughput", "Raw PutItem", "Ratio", "Same calls, raw",
                    "Ratio to them");
            Report.Section requests = new Report.Section(SECTIONS.get(4), "Each kind of request the hot paths"
                    + " make, alone, " + options.fanOutRecipients() + " times on " + rawThreads
                    + " threads (as the raw baselines above) against the same DynamoDB Local, which runs them one"
                    + " after another: a path cannot go faster than the sum of its requests. Ratio = against the"
                    + " conditional PutItem, the ingestion's baseline.", "Request", "Calls", "Throughput",
                    "Against PutItem");
            Report.Section tracking = new Report.Section(SECTIONS.get(5), "GET /consultations/{id}/deliveries on a"
                    + " consultation of " + options.trackingRows() + " rows, p50 of " + options.trackingCalls()
                    + " calls; raw = the SDK calls the use case makes (first page, status filter), or for the"
                    + " content filter the goal's baseline, one Query of a 20-row page on GSI3.",
                    "Page", "Filter", "Total", "p50", "Raw SDK calls", "Raw p50", "Ratio", "Data");
            Report.Section proof = new Report.Section(SECTIONS.get(6), "p50 of " + options.pdfRuns()
                    + " run(s) after warm-up.", "Proof", "Time", "Size");
            Report.Section richText = new Report.Section(SECTIONS.get(7), "Bodies that once made the sanitizer"
                    + " backtrack or blow up, each at the largest size accepted (200 Ko for a letter, 100 Ko for a"
                    + " reply), in the domain with no I/O; median of " + (options.quick() ? 1 : 5) + " run(s) after"
                    + " one warm-up. Save = what saving a draft or a reply runs (size as typed, sanitizer, rules);"
                    + " text forms = what each send, tracking row and proof runs (excerpt, keywords text, plain"
                    + " text); CPU = the calling thread's CPU time, steadier than elapsed time on a shared machine.",
                    "Case", "Input", "Save", "Save (CPU)", "Text forms", "Text forms (CPU)", "Outcome");

            Report.Section console = null;

            List<SentEmail> mails = runs.contains("fan-out") ? sending.fanOut(fanOut) : List.of();
            if (runs.contains("ingestion")) {
                sending.ingestion(ingestion, mails);
            }
            WarmBench.Data data = runs.contains("warm") ? new WarmBench(system, agent, options, raw).run(warm, mails)
                    : null;
            if (runs.contains("requests")) {
                new RequestCosts(raw, rawThreads, options.fanOutRecipients()).run(requests);
            }
            if (runs.contains("tracking")) {
                new TrackingBench(system, agent, options, raw).run(tracking);
            }
            if (runs.contains("proof")) {
                new ProofBench(system, agent, options).run(proof, data.deliveryIds().get(0));
            }
            if (runs.contains("rich-text")) {
                new RichTextBench(options).run(richText);
            }
            if (runs.contains("console")) {
                console = new ConsoleBench(system, agent, options).run(SECTIONS.get(SECTION_NAMES.indexOf("console")));
            }
            if (runs.contains("cold-start")) {
                Path workDir = Files.createTempDirectory("messagerie-bench");
                new ColdStartBench(system, agent, options, workDir)
                        .run(cold, data, mails.get(options.warmCalls() + WarmBench.WARM_UP_OPENS));
            }
            List<Report.Section> sections = Arrays.asList(cold, warm, fanOut, ingestion, requests, tracking, proof,
                    richText, console);
            for (int i = 0; i < sections.size(); i++) {
                if (options.reports(SECTION_NAMES.get(i))) {
                    report.add(sections.get(i));
                }
            }
        } finally {
            raw.deleteQueue();
        }
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), report.markdown());
        return report;
    }

    private static void addWithWhatItBuildsOn(Set<String> runs, String name) {
        if (runs.add(name)) {
            BUILDS_ON.getOrDefault(name, List.of()).forEach(base -> addWithWhatItBuildsOn(runs, base));
        }
    }

    private static List<String> header(BenchOptions options) {
        Runtime runtime = Runtime.getRuntime();
        List<String> header = new ArrayList<>(List.of(
                "Measured on " + ZonedDateTime.now(ZoneId.of("Europe/Paris"))
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT))
                        + (options.quick() ? " — **quick mode** (CI-sized, figures not meaningful)" : ""),
                "Machine: " + runtime.availableProcessors() + " cores, " + runtime.maxMemory() / (1024 * 1024)
                        + " MiB max heap, " + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                "Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                // Other builds may share the machine: the figures and ratios are only as quiet as it was.
                String.format(Locale.ROOT, "Load average (1 min) at the start: %.1f on %d cores",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        runtime.availableProcessors()),
                "Local servers: DynamoDB Local, ElasticMQ, s3proxy, aws-ses-v2-local (same machine, in-process)",
                "Command: `" + COMMAND + "`",
                "Ratio = cost ÷ baseline's cost (time ÷ time, or baseline rate ÷ rate): ×1.0 means as fast as the"
                        + " baseline, ×3.0 three times slower."));
        if (!options.only().isEmpty()) {
            header.add("Sections: " + SECTION_NAMES.stream().filter(options::reports)
                    .map(name -> "`" + name + "`").collect(Collectors.joining(", "))
                    + " only (`--only`)");
        }
        return header;
    }
}
