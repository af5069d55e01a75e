package fr.messagerie.compose;

import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoStores;
import fr.messagerie.aws.SqsDispatchQueue;
import fr.messagerie.consultations.ConsultationStore;
import fr.messagerie.consultations.Consultations;
import fr.messagerie.consultations.Organisms;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.DispatchQueue;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.letters.Drafts;
import fr.messagerie.letters.LetterStore;
import fr.messagerie.letters.SendLetter;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/** The use cases of the compose function, wired once per container to DynamoDB and SQS. */
public record Compose(Organisms organisms, Consultations consultations, Drafts drafts, SendLetter sendLetter) {
    /** Fan-out is I/O bound: a few threads overlap the DynamoDB and SQS round trips. */
    private static final ExecutorService FAN_OUT = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "fan-out");
        thread.setDaemon(true);
        return thread;
    });

    public static Compose fromEnv(Map<String, String> env) {
        return fromEnv(env, UnaryOperator.identity(), Clock.systemUTC());
    }

    /** @param dispatchQueue lets tests wrap the real queue, e.g. to interrupt a fan-out midway */
    public static Compose fromEnv(Map<String, String> env, UnaryOperator<DispatchQueue> dispatchQueue, Clock clock) {
        SqsClient sqs = AwsClients.configure(SqsClient.builder(), env, "SQS").build();
        DynamoStores stores = DynamoStores.fromEnv(env);
        ConsultationStore consultationStore = stores.consultations();
        LetterStore letters = stores.letters();
        DeliveryStore deliveries = stores.deliveries();
        AttachmentStore attachments = stores.attachments();
        DispatchQueue queue = dispatchQueue.apply(
                new SqsDispatchQueue(sqs, AwsClients.required(env, "DISPATCH_QUEUE_URL")));
        Consultations consultations = new Consultations(consultationStore, stores.organisms());
        Drafts drafts = new Drafts(consultations, consultationStore, letters, deliveries, attachments, clock);
        return new Compose(new Organisms(stores.organisms()), consultations, drafts,
                new SendLetter(drafts, consultations, letters, deliveries, attachments, queue, FAN_OUT, clock));
    }
}
