package fr.messagerie.bench;

import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.SentEmail;
import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.List;

/** Warm latency of the main API calls (handlers already initialised), each beside the raw SDK calls it makes. */
final class WarmBench {
    /** Emails {@code [calls, calls + WARM_UP_OPENS)} of the list are opened untimed first. */
    static final int WARM_UP_OPENS = 3;

    private final LocalSystem system;
    private final BenchAgent agent;
    private final BenchOptions options;
    private final RawCalls raw;

    /** What the later sections reuse: a consultation with sent one-recipient letters. */
    record Data(String consultationId, List<String> letterIds, List<String> deliveryIds) {
    }

    WarmBench(LocalSystem system, BenchAgent agent, BenchOptions options, RawCalls raw) {
        this.system = system;
        this.agent = agent;
        this.options = options;
        this.raw = raw;
    }

    /** {@code opened}: emails of access-link letters whose links have not been used yet. */
    Data run(Report.Section section, List<SentEmail> opened) {
        int calls = options.warmCalls();
        if (opened.size() < calls + WARM_UP_OPENS) {
            throw new IllegalArgumentException("Need " + (calls + WARM_UP_OPENS) + " unopened emails, got "
                    + opened.size());
        }
        String consultation = agent.newConsultation();
        warmUp(consultation);

        List<String> letterIds = new ArrayList<>();
        Samples draft = Samples.time(calls,
                () -> letterIds.add(agent.createDraft(consultation, BenchAgent.address("courrier"))));
        row(section, "Draft create", "POST /consultations/{id}/letters", draft,
                "GetItem + PutItem", Samples.time(calls, raw::draftCreate));

        int[] next = {0};
        Samples send = Samples.time(calls, () -> agent.send(letterIds.get(next[0]++)));
        row(section, "Send (1 recipient)", "POST /letters/{id}/send", send,
                "Query + GetItem ‖ GetItem + PutItem + TransactWriteItems (4 items) + UpdateItem + SendMessage"
                        + " + BatchWriteItem + UpdateItem",
                Samples.time(calls, raw::send));
        Parallel.drain(system.sqs(), "SendFunction", options.pumpThreads());

        List<String> deliveryIds = new ArrayList<>();
        letterIds.forEach(id -> deliveryIds.add(agent.get("/letters/" + id).path("deliveries").get(0)
                .path("id").asText()));
        Samples list = Samples.time(calls, () -> agent.get("/consultations/" + consultation + "/deliveries"));
        row(section, "Tracking list (" + calls + " rows)", "GET /consultations/{id}/deliveries", list,
                "BatchGetItem (consultation, counts) ‖ Query (page of 10: Limit 25)",
                Samples.time(calls, () -> raw.trackingListPage(consultation, null)));

        next[0] = 0;
        Samples thread = Samples.time(calls, () -> agent.get("/deliveries/" + deliveryIds.get(next[0]++)));
        next[0] = 0;
        row(section, "Thread", "GET /deliveries/{id}", thread, "Query + Query",
                Samples.time(calls, () -> raw.thread(deliveryIds.get(next[0]++))));

        String baseUrl = system.functionEnv("RecipientFunction").get("RECIPIENT_BASE_URL");
        for (int i = 0; i < WARM_UP_OPENS; i++) {
            RecipientPages browser = new RecipientPages(system.api(), baseUrl);
            browser.submit(browser.landing(RecipientPages.link(opened.get(calls + i))));
        }
        Samples open = new Samples();
        Samples rawOpen = new Samples();
        for (int i = 0; i < calls; i++) {
            RecipientPages browser = new RecipientPages(system.api(), baseUrl);
            Element form = browser.landing(RecipientPages.link(opened.get(i)));
            open.add(Samples.elapsed(() -> browser.submit(form)));
            String deliveryId = opened.get(i).tag("deliveryId").orElseThrow();
            rawOpen.add(Samples.elapsed(() -> raw.open(deliveryId)));
        }
        row(section, "Recipient open (read receipt)", "POST /r/{token}/open", open,
                "GetItem + TransactWriteItems (3 items)", rawOpen);
        return new Data(consultation, letterIds, deliveryIds);
    }

    /** JIT and first-use costs out of the way: a few calls of each kind, not measured. */
    private void warmUp(String consultation) {
        for (int i = 0; i < Math.max(3, options.warmCalls() / 10); i++) {
            String letterId = agent.createDraft(consultation, BenchAgent.address("echauffement"));
            agent.send(letterId);
            agent.get("/consultations/" + consultation + "/deliveries");
            agent.get("/deliveries/" + agent.get("/letters/" + letterId).path("deliveries").get(0).path("id").asText());
            raw.draftCreate();
            raw.send();
            raw.trackingListPage(consultation, null);
        }
        Parallel.drain(system.sqs(), "SendFunction", options.pumpThreads());
    }

    private static void row(Report.Section section, String call, String route, Samples measured, String rawCalls,
                            Samples baseline) {
        section.row(call, "`" + route + "`", Report.ms(measured.p50()), Report.ms(measured.p99()), rawCalls,
                Report.ms(baseline.p50()), Report.ms(baseline.p99()), Report.ratio(measured.p50(), baseline.p50()));
    }
}
