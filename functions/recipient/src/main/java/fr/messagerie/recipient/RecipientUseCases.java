package fr.messagerie.recipient;

import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoStores;
import fr.messagerie.aws.LazyFileStore;
import fr.messagerie.files.FileStore;
import fr.messagerie.support.Lazy;
import fr.messagerie.support.Wiring;

import java.time.Clock;
import java.util.Map;

/**
 * The use cases behind the link of an email, and the letter it reaches ({@link Exchanges}), each wired on the first
 * request that needs it: the DynamoDB client on the first request, the S3 client on the first that presigns or moves
 * a file.
 */
public final class RecipientUseCases {
    private final Lazy<Exchanges> exchanges;
    private final Lazy<OpenLetter> openLetter;
    private final Lazy<DownloadFile> downloadFile;
    private final Lazy<OfferReplyUpload> offerReplyUpload;
    private final Lazy<CompleteReplyUpload> completeReplyUpload;
    private final Lazy<RemoveReplyFile> removeReplyFile;
    private final Lazy<SendReply> sendReply;
    private final Lazy<ShowHistory> showHistory;

    public RecipientUseCases(Exchanges exchanges, OpenLetter openLetter, DownloadFile downloadFile,
                             OfferReplyUpload offerReplyUpload, CompleteReplyUpload completeReplyUpload,
                             RemoveReplyFile removeReplyFile, SendReply sendReply, ShowHistory showHistory) {
        this(Lazy.ready(exchanges), Lazy.ready(openLetter), Lazy.ready(downloadFile), Lazy.ready(offerReplyUpload),
                Lazy.ready(completeReplyUpload), Lazy.ready(removeReplyFile), Lazy.ready(sendReply),
                Lazy.ready(showHistory));
    }

    private RecipientUseCases(Lazy<Exchanges> exchanges, Lazy<OpenLetter> openLetter, Lazy<DownloadFile> downloadFile,
                              Lazy<OfferReplyUpload> offerReplyUpload, Lazy<CompleteReplyUpload> completeReplyUpload,
                              Lazy<RemoveReplyFile> removeReplyFile, Lazy<SendReply> sendReply,
                              Lazy<ShowHistory> showHistory) {
        this.exchanges = exchanges;
        this.openLetter = openLetter;
        this.downloadFile = downloadFile;
        this.offerReplyUpload = offerReplyUpload;
        this.completeReplyUpload = completeReplyUpload;
        this.removeReplyFile = removeReplyFile;
        this.sendReply = sendReply;
        this.showHistory = showHistory;
    }

    /** @param wiring where the lazy parts are registered, for the priming to build them all before the snapshot */
    static RecipientUseCases fromEnv(Wiring wiring, Map<String, String> env, String recipientBaseUrl, Clock clock) {
        AwsClients.requireAll(env, "TABLE_NAME");
        FileStore files = LazyFileStore.fromEnv(wiring, env);
        Lazy<DynamoStores> stores = wiring.lazy(() -> DynamoStores.fromEnv(env));
        Lazy<Exchanges> exchanges = wiring.lazy(() -> new Exchanges(stores.get().deliveryLog(),
                stores.get().accessLinks(), stores.get().replies(), stores.get().letters(), stores.get().attachments(),
                clock));
        return new RecipientUseCases(exchanges,
                wiring.lazy(() -> new OpenLetter(stores.get().deliveryLog(), clock)),
                wiring.lazy(() -> new DownloadFile(files)),
                wiring.lazy(() -> new OfferReplyUpload(stores.get().attachments(), files, recipientBaseUrl, clock)),
                wiring.lazy(() -> new CompleteReplyUpload(exchanges.get(), stores.get().attachments(), files, clock)),
                wiring.lazy(() -> new RemoveReplyFile(exchanges.get(), stores.get().attachments(), files)),
                wiring.lazy(() -> new SendReply(exchanges.get(), stores.get().replies(),
                        stores.get().deliveryLog(), files, clock)),
                wiring.lazy(() -> new ShowHistory(stores.get().deliveries(),
                        stores.get().deliveryLog(), stores.get().letters())));
    }

    Exchanges exchanges() {
        return exchanges.get();
    }

    OpenLetter openLetter() {
        return openLetter.get();
    }

    DownloadFile downloadFile() {
        return downloadFile.get();
    }

    OfferReplyUpload offerReplyUpload() {
        return offerReplyUpload.get();
    }

    CompleteReplyUpload completeReplyUpload() {
        return completeReplyUpload.get();
    }

    RemoveReplyFile removeReplyFile() {
        return removeReplyFile.get();
    }

    SendReply sendReply() {
        return sendReply.get();
    }

    ShowHistory showHistory() {
        return showHistory.get();
    }
}
