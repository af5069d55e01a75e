package fr.messagerie.infrastructure.bench;

import fr.messagerie.infrastructure.LocalSystem;
import fr.messagerie.infrastructure.SentEmail;
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

        Map<ColdStarts.Target, Samples> results = new LinkedHashMap<>();
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
        for (int run = 0; run < options.coldRuns(); run++) {
            floor.add(jvms.floor(draftEvent, system.functionEnv("ComposeFunction")));
            for (ColdStarts.Target target : targets) {
                results.computeIfAbsent(target, t -> new Samples()).add(jvms.start(target, run));
            }
        }
        section.row("Floor: trivial `RequestHandler`", "same event as ComposeFunction", Report.ms(floor.p50()),
                Report.ms(floor.p50()), "×1.0");
        results.forEach((target, samples) -> section.row(target.functionId(), target.description(),
                Report.ms(samples.p50()), Report.ms(floor.p50()), Report.ratio(samples.p50(), floor.p50())));
    }
}
