package fr.messagerie.bench;

import fr.messagerie.aws.SqsBatch;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.SentEmail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Send fan-out (send call → every email in the SES server) and SES event ingestion, each beside raw SDK calls. */
final class FanOutBench {
    private static final long TIMEOUT_NANOS = 300_000_000_000L;

    private final LocalSystem system;
    private final BenchAgent agent;
    private final BenchOptions options;
    private final RawCalls raw;

    /**
     * The calls in flight at once when {@code threads} pumps drain a queue through a function that processes a batch's
     * messages {@link SqsBatch#PARALLELISM} at a time: the raw baseline gets as many threads, so that it is as
     * concurrent as the function.
     */
    int concurrency(String functionId, int threads) {
        return threads * Math.min(system.sqs().source(functionId).batchSize(), SqsBatch.PARALLELISM);
    }

    FanOutBench(LocalSystem system, BenchAgent agent, BenchOptions options, RawCalls raw) {
        this.system = system;
        this.agent = agent;
        this.options = options;
        this.raw = raw;
    }

    /** Sends one letter to every recipient and returns the emails it produced. */
    List<SentEmail> fanOut(Report.Section section) {
        int count = options.fanOutRecipients();
        int threads = options.pumpThreads();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            addresses.add(BenchAgent.address("destinataire" + i));
        }
        String letterId = agent.createDraft(agent.newConsultation(), String.join(" ", addresses));
        Parallel.drain(system.sqs(), "SendFunction", threads);
        Instant since = Instant.now().minusSeconds(1);

        long begin = System.nanoTime();
        agent.send(letterId);
        List<SentEmail> mails = List.of();
        Set<String> wanted = new HashSet<>(addresses);
        long end = begin;
        while (mails.size() < count) {
            Parallel.drain(system.sqs(), "SendFunction", threads);
            // SES has the email once SendEmail returned: reading the store back is checking, not sending.
            end = System.nanoTime();
            mails = system.mailbox().since(since).stream()
                    .filter(mail -> mail.to().stream().anyMatch(wanted::contains)).toList();
            if (System.nanoTime() - begin > TIMEOUT_NANOS) {
                throw new IllegalStateException("Only " + mails.size() + " of " + count + " emails arrived");
            }
        }
        long elapsed = end - begin;

        SentEmail model = mails.get(0);
        Map<String, String> env = system.functionEnv("SendFunction");
        int rawThreads = concurrency("SendFunction", threads);
        long rawElapsed = Samples.elapsed(() -> Parallel.forEach(count, rawThreads, i -> sendRaw(env, model, i)));
        List<String> deliveries = raw.deliveries(count);
        long sameElapsed = Samples.elapsed(() -> Parallel.forEach(count, rawThreads, i -> {
            raw.claim(deliveries.get(i));
            sendRaw(env, model, i);
            raw.recordEvent(deliveries.get(i), true);
        }));
        double rate = count / (elapsed / 1e9);
        double rawRate = count / (rawElapsed / 1e9);
        double sameRate = count / (sameElapsed / 1e9);
        section.row(count + " recipients, access link, " + threads + " pump threads; raw on " + rawThreads, Report.ms(elapsed / 1e6),
                Report.rate(rate, "recipients"), Report.rate(rawRate, "SendEmail"), Report.ratio(rawRate, rate),
                Report.rate(sameRate, "recipients"), Report.ratio(sameRate, rate));
        return mails;
    }

    /** Publishes a Delivery event per email (SNS shape, events queue), then drains it through ses-events. */
    void ingestion(Report.Section section, List<SentEmail> mails) {
        int threads = options.pumpThreads();
        Parallel.drain(system.sqs(), "SesEventsFunction", threads);
        AtomicInteger published = new AtomicInteger();
        Parallel.forEach(mails.size(), threads,
                i -> published.addAndGet(system.sesEvents().simulate(mails.get(i)).size()));

        AtomicInteger handled = new AtomicInteger();
        long elapsed = Samples.elapsed(() -> handled.set(Parallel.drain(system.sqs(), "SesEventsFunction", threads)));
        if (handled.get() < published.get()) {
            throw new IllegalStateException("ses-events handled " + handled + " of " + published + " events");
        }
        int rawThreads = concurrency("SesEventsFunction", threads);
        long rawElapsed = Samples.elapsed(() -> Parallel.forEach(published.get(), rawThreads, i -> raw.putNew()));
        List<String> deliveries = raw.deliveries(published.get());
        long sameElapsed = Samples.elapsed(() -> Parallel.forEach(published.get(), rawThreads,
                i -> raw.recordEvent(deliveries.get(i), false)));
        double rate = published.get() / (elapsed / 1e9);
        double rawRate = published.get() / (rawElapsed / 1e9);
        double sameRate = published.get() / (sameElapsed / 1e9);
        section.row(published.get() + " Delivery events, " + threads + " pump threads; raw on " + rawThreads, Report.ms(elapsed / 1e6),
                Report.rate(rate, "events"), Report.rate(rawRate, "PutItem"), Report.ratio(rawRate, rate),
                Report.rate(sameRate, "events"), Report.ratio(sameRate, rate));
    }

    /** The fan-out's email again, straight to SESv2, to a scratch address. */
    private void sendRaw(Map<String, String> env, SentEmail model, int i) {
        system.sesV2().sendEmail(r -> r.fromEmailAddress(env.get("SENDER_ADDRESS"))
                .configurationSetName(env.get("CONFIGURATION_SET_NAME"))
                .destination(d -> d.toAddresses(BenchAgent.address("brut" + i)))
                .content(c -> c.simple(m -> m.subject(s -> s.data(model.subject()).charset("UTF-8"))
                        .body(b -> b.html(h -> h.data(model.html()).charset("UTF-8"))
                                .text(t -> t.data(model.text()).charset("UTF-8"))))));
    }
}
