package fr.messagerie.compose;

import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoStores;
import fr.messagerie.aws.SqsDispatchQueue;
import fr.messagerie.consultations.Consultations;
import fr.messagerie.consultations.Organisms;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.letters.Drafts;
import fr.messagerie.letters.SendLetter;
import fr.messagerie.support.Lazy;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * The use cases of the compose function, wired once per container to DynamoDB and SQS, each on the first request
 * that needs it: a draft builds no SQS client, the catalogue of letter types no client at all.
 */
public final class Compose {
    private final Lazy<Organisms> organisms;
    private final Lazy<Consultations> consultations;
    private final Lazy<Drafts> drafts;
    private final Lazy<SendLetter> sendLetter;

    public Compose(Organisms organisms, Consultations consultations, Drafts drafts, SendLetter sendLetter) {
        this(Lazy.ready(organisms), Lazy.ready(consultations), Lazy.ready(drafts), Lazy.ready(sendLetter));
    }

    private Compose(Lazy<Organisms> organisms, Lazy<Consultations> consultations, Lazy<Drafts> drafts,
                    Lazy<SendLetter> sendLetter) {
        this.organisms = organisms;
        this.consultations = consultations;
        this.drafts = drafts;
        this.sendLetter = sendLetter;
    }

    public static Compose fromEnv(Map<String, String> env) {
        return fromEnv(env, UnaryOperator.identity(), Clock.systemUTC());
    }

    /** @param dispatchQueue lets tests wrap the real queue, e.g. to interrupt a fan-out midway */
    public static Compose fromEnv(Map<String, String> env, UnaryOperator<DispatchQueue> dispatchQueue, Clock clock) {
        AwsClients.requireAll(env, "TABLE_NAME", "DISPATCH_QUEUE_URL");
        Lazy<DynamoStores> stores = Lazy.of(() -> DynamoStores.fromEnv(env));
        Lazy<DispatchQueue> queue = Lazy.of(() -> dispatchQueue.apply(new SqsDispatchQueue(
                AwsClients.configure(SqsClient.builder(), env, "SQS").build(),
                AwsClients.required(env, "DISPATCH_QUEUE_URL"))));
        Lazy<Consultations> consultations = Lazy.of(() -> new Consultations(stores.get().consultations(),
                stores.get().organisms()));
        Lazy<Drafts> drafts = Lazy.of(() -> new Drafts(consultations.get(), stores.get().consultations(),
                stores.get().letters(), stores.get().deliveries(), stores.get().attachments(), clock));
        return new Compose(Lazy.of(() -> new Organisms(stores.get().organisms())), consultations, drafts,
                Lazy.of(() -> new SendLetter(drafts.get(), consultations.get(), stores.get().letters(),
                        stores.get().deliveries(), queue.get(), FanOut.THREADS, clock)));
    }

    public Organisms organisms() {
        return organisms.get();
    }

    public Consultations consultations() {
        return consultations.get();
    }

    public Drafts drafts() {
        return drafts.get();
    }

    public SendLetter sendLetter() {
        return sendLetter.get();
    }

    /** Wires every use case now, with its clients (SnapStart priming, before the snapshot). */
    public void build() {
        List.of(organisms, consultations, drafts, sendLetter).forEach(Lazy::get);
    }

    /** Fan-out is I/O bound: a few threads overlap the DynamoDB and SQS round trips. */
    private static final class FanOut {
        static final ExecutorService THREADS = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "fan-out");
            thread.setDaemon(true);
            return thread;
        });
    }
}
