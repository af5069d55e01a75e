package fr.messagerie.bench;

import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.SentEmail;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cold start of every function of the template beside the floor of a trivial handler, runs interleaved. */
final class ColdStartBench {
    private final LocalSystem system;
    private final BenchAgent agent;
    private final BenchOptions options;
    private final ColdStarts jvms;

    ColdStartBench(LocalSystem system, BenchAgent agent, BenchOptions options, Path workDir) {
        this.system = system;
        this.agent = agent;
        this.options = options;
        this.jvms = new ColdStarts(system, options, workDir);
    }

    void run(Report.Section section, WarmBench.Data data, SentEmail unopened) {
        String consultation = data.consultationId();
        String draftJson = """
                {"letterType": "COURRIER_LIBRE", "recipients": {"addresses": "%s"}}"""
                .formatted(BenchAgent.address("froid"));
        Object draftEvent = jvms.httpEvent("ComposeFunction", () -> agent.api()
                .post("/consultations/" + consultation + "/letters", draftJson, BenchAgent.CLAIMS));
        String attachments = "/letters/" + agent.createDraft(consultation, BenchAgent.address("pj")) + "/attachments";
        String link = RecipientPages.link(unopened);
        String list = "/consultations/" + consultation + "/deliveries";
        String proof = "/deliveries/" + data.deliveryIds().get(1) + "/proof";
        List<String> sentTo = new ArrayList<>();
        Instant since = Instant.now().minusSeconds(1);

        List<ColdStarts.Target> targets = List.of(
                new ColdStarts.Target("ComposeFunction", "`POST /consultations/{id}/letters`", run -> draftEvent),
                new ColdStarts.Target("AttachmentsFunction", "`GET /letters/{id}/attachments`",
                        run -> jvms.httpEvent("AttachmentsFunction", () -> agent.api().get(attachments, BenchAgent.CLAIMS))),
                new ColdStarts.Target("RecipientFunction", "`GET /r/{token}` (landing page)",
                        run -> jvms.httpEvent("RecipientFunction", () -> agent.api().get(link, null))),
                new ColdStarts.Target("TrackingFunction", "`GET /consultations/{id}/deliveries`",
                        run -> jvms.httpEvent("TrackingFunction", () -> agent.api().get(list, BenchAgent.CLAIMS))),
                new ColdStarts.Target("ProofFunction", "`GET /deliveries/{id}/proof`",
                        run -> jvms.httpEvent("ProofFunction", () -> agent.api().get(proof, BenchAgent.CLAIMS))),
                new ColdStarts.Target("SendFunction", "SQSEvent: 1 dispatch (renders, sends through SES)", run -> {
                    String address = BenchAgent.address("froid-envoi");
                    sentTo.add(address);
                    agent.send(agent.createDraft(consultation, address));
                    return jvms.sqsEvent("SendFunction");
                }),
                new ColdStarts.Target("SesEventsFunction", "SQSEvent: 1 SES Delivery notification (SNS)", run -> {
                    SentEmail mail = system.mailbox().since(since).stream()
                            .filter(m -> m.to().contains(sentTo.get(run))).findFirst()
                            .orElseThrow(() -> new IllegalStateException("The cold send function sent no email"));
                    system.sesEvents().simulate(mail);
                    return jvms.sqsEvent("SesEventsFunction");
                }));
        if (targets.size() != system.template().functions().size()) {
            throw new IllegalStateException("The template has functions this benchmark does not start");
        }
        Parallel.drain(system.sqs(), "SendFunction", options.pumpThreads());
        Parallel.drain(system.sqs(), "SesEventsFunction", options.pumpThreads());
        Samples floor = new Samples();
        Samples floorFirst = new Samples();
        Map<ColdStarts.Target, Samples[]> results = new LinkedHashMap<>();
        for (int run = 0; run < options.coldRuns(); run++) {
            ColdStarts.Measure trivial = jvms.floor(draftEvent, system.functionEnv("ComposeFunction"));
            floor.add(trivial.startToResponseNanos());
            floorFirst.add(trivial.firstRequestNanos());
            for (ColdStarts.Target target : targets) {
                // [start to response, first request, first request after priming], each in its own fresh JVM.
                Samples[] samples = results.computeIfAbsent(target,
                        t -> new Samples[] {new Samples(), new Samples(), new Samples()});
                ColdStarts.Measure cold = jvms.start(target, 2 * run, ColdStarts.Mode.COLD);
                samples[0].add(cold.startToResponseNanos());
                samples[1].add(cold.firstRequestNanos());
                samples[2].add(jvms.start(target, 2 * run + 1, ColdStarts.Mode.PRIMED).firstRequestNanos());
            }
        }
        section.row("Floor: trivial `RequestHandler`", "same event as ComposeFunction", Report.ms(floor.p50()),
                "×1.0", Report.ms(floorFirst.p50()), Report.ms(floorFirst.p50()), "×1.0");
        results.forEach((target, samples) -> section.row(target.functionId(), target.description(),
                Report.ms(samples[0].p50()), Report.ratio(samples[0].p50(), floor.p50()),
                Report.ms(samples[1].p50()), Report.ms(samples[2].p50()),
                Report.ratio(samples[2].p50(), floorFirst.p50())));
    }
}
