package fr.messagerie.compose;

import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoStores;
import fr.messagerie.aws.SqsDispatchQueue;
import fr.messagerie.consultations.ConsultationAccess;
import fr.messagerie.consultations.ListConsultations;
import fr.messagerie.consultations.ShowConsultation;
import fr.messagerie.consultations.ShowRegisters;
import fr.messagerie.consultations.UpsertConsultation;
import fr.messagerie.consultations.UpsertOrganism;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.letters.CreateDraft;
import fr.messagerie.letters.DeleteDraft;
import fr.messagerie.letters.DraftEditor;
import fr.messagerie.letters.SendLetter;
import fr.messagerie.letters.ShowLetter;
import fr.messagerie.letters.UpdateDraft;
import fr.messagerie.support.Lazy;
import fr.messagerie.support.Wiring;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * The use cases of the compose function, wired once per container to DynamoDB and SQS, each on the first request
 * that needs it: a draft builds no SQS client, the catalogue of letter types no client at all.
 */
public final class Compose {
    private final Wiring wiring = new Wiring();
    final Lazy<UpsertOrganism> upsertOrganism;
    final Lazy<UpsertConsultation> upsertConsultation;
    final Lazy<ListConsultations> listConsultations;
    final Lazy<ShowConsultation> showConsultation;
    final Lazy<ShowRegisters> showRegisters;
    final Lazy<CreateDraft> createDraft;
    final Lazy<ShowLetter> showLetter;
    final Lazy<UpdateDraft> updateDraft;
    final Lazy<DeleteDraft> deleteDraft;
    final Lazy<SendLetter> sendLetter;

    private Compose(Map<String, String> env, UnaryOperator<DispatchQueue> dispatchQueue, Clock clock) {
        AwsClients.requireAll(env, "TABLE_NAME", "DISPATCH_QUEUE_URL");
        Lazy<DynamoStores> stores = wiring.lazy(() -> DynamoStores.fromEnv(env));
        Lazy<DispatchQueue> queue = wiring.lazy(() -> dispatchQueue.apply(new SqsDispatchQueue(
                AwsClients.configure(SqsClient.builder(), env, "SQS").build(),
                AwsClients.required(env, "DISPATCH_QUEUE_URL"))));
        Lazy<ConsultationAccess> consultations = wiring.lazy(() -> new ConsultationAccess(
                stores.get().consultations(), stores.get().organisms()));
        Lazy<DraftEditor> editor = wiring.lazy(() -> new DraftEditor(stores.get().consultations(),
                stores.get().letters(), stores.get().attachments()));
        upsertOrganism = wiring.lazy(() -> new UpsertOrganism(stores.get().organisms()));
        upsertConsultation = wiring.lazy(() -> new UpsertConsultation(stores.get().consultations(),
                stores.get().organisms()));
        listConsultations = wiring.lazy(() -> new ListConsultations(stores.get().consultations(),
                stores.get().organisms()));
        showConsultation = wiring.lazy(() -> new ShowConsultation(consultations.get()));
        showRegisters = wiring.lazy(() -> new ShowRegisters(consultations.get(), stores.get().consultations()));
        createDraft = wiring.lazy(() -> new CreateDraft(consultations.get(), editor.get(), stores.get().letters(),
                clock));
        showLetter = wiring.lazy(() -> new ShowLetter(stores.get().letters(), stores.get().deliveries(),
                stores.get().replies(), stores.get().attachments(), clock));
        updateDraft = wiring.lazy(() -> new UpdateDraft(consultations.get(), editor.get(), stores.get().letters(),
                clock));
        deleteDraft = wiring.lazy(() -> new DeleteDraft(editor.get(), stores.get().letters()));
        sendLetter = wiring.lazy(() -> new SendLetter(consultations.get(), stores.get().consultations(),
                stores.get().letters(), stores.get().deliveries(), queue.get(), FanOut.THREADS, clock));
    }

    public static Compose fromEnv(Map<String, String> env) {
        return fromEnv(env, UnaryOperator.identity(), Clock.systemUTC());
    }

    /** @param dispatchQueue lets tests wrap the real queue, e.g. to interrupt a fan-out midway */
    public static Compose fromEnv(Map<String, String> env, UnaryOperator<DispatchQueue> dispatchQueue, Clock clock) {
        return new Compose(env, dispatchQueue, clock);
    }

    /** Wires every use case now, with its clients (SnapStart priming, before the snapshot). */
    public void build() {
        wiring.buildAll();
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
