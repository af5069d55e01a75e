package fr.messagerie.attachments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.messagerie.aws.AwsClients;
import fr.messagerie.aws.DynamoStores;
import fr.messagerie.aws.LazyFileStore;
import fr.messagerie.aws.Priming;
import fr.messagerie.aws.PrimingRecords;
import fr.messagerie.aws.S3FileStore;
import fr.messagerie.consultations.ConsultationAccess;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore.StoredAttachment;
import fr.messagerie.files.CompleteUpload;
import fr.messagerie.files.DownloadAttachment;
import fr.messagerie.files.DownloadReplyFile;
import fr.messagerie.files.DraftFiles;
import fr.messagerie.files.FileKeys;
import fr.messagerie.files.FileStore;
import fr.messagerie.files.JoinDocument;
import fr.messagerie.files.ListAttachments;
import fr.messagerie.files.ListDocuments;
import fr.messagerie.files.RemoveAttachment;
import fr.messagerie.files.RequestUpload;
import fr.messagerie.http.ApiResponses;
import fr.messagerie.http.FileView;
import fr.messagerie.http.HttpRoutes;
import fr.messagerie.letters.DceChanges;
import fr.messagerie.letters.DraftEditor;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.SendMode;
import fr.messagerie.support.Lazy;
import fr.messagerie.support.Logs;
import fr.messagerie.support.Wiring;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The files of letters (agent API): presigned uploads checked on completion, document space, downloads. */
public final class AttachmentsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final String PRIMING_LETTER = "amorcage";
    /** The file of the priming letter ({@link PrimingRecords}). */
    private static final String PRIMING_FILE = FileKeys.letterAttachment(PRIMING_LETTER, PRIMING_LETTER);

    static {
        Logs.init();
    }

    private final HttpRoutes routes;
    /** The lazy parts of this handler's wiring, built on first use or before the snapshot. */
    private final Wiring wiring;
    /** The SnapStart priming hook, held here (see {@link Priming}). */
    private Priming priming;

    public AttachmentsHandler() {
        this(System.getenv());
    }

    public AttachmentsHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
        priming = Priming.register(AttachmentsHandler.class, () -> {
            Map<String, String> offline = Priming.offline(env);
            PrimingRecords.write(offline, PRIMING_LETTER, SendMode.ACCESS_LINK, LetterState.DRAFT);
            AttachmentsHandler twin = new AttachmentsHandler(offline, Clock.systemUTC());
            prime(twin, S3FileStore.fromEnv(offline));
            // What the requests did not wire, and this handler's own clients: all built before the snapshot.
            twin.wiring.buildAll();
            wiring.buildAll();
        });
    }

    /** @param clock lets tests move past a reply deadline */
    public AttachmentsHandler(Map<String, String> env, Clock clock) {
        this(new Wiring(), env, clock);
    }

    private AttachmentsHandler(Wiring wiring, Map<String, String> env, Clock clock) {
        this(wire(wiring, env, clock), wiring);
    }

    public AttachmentsHandler(UseCases useCases) {
        this(useCases, new Wiring());
    }

    /** The use cases of this function, each wired on the first request that needs it (DynamoDB, then S3). */
    public record UseCases(Supplier<DceChanges> dceChanges, Supplier<RequestUpload> requestUpload,
                           Supplier<CompleteUpload> completeUpload, Supplier<JoinDocument> joinDocument,
                           Supplier<ListDocuments> listDocuments, Supplier<ListAttachments> listAttachments,
                           Supplier<RemoveAttachment> removeAttachment,
                           Supplier<DownloadAttachment> downloadAttachment,
                           Supplier<DownloadReplyFile> downloadReplyFile) {
    }

    private AttachmentsHandler(UseCases useCases, Wiring wiring) {
        this.wiring = wiring;
        routes = new HttpRoutes()
                .on("POST /consultations/{consultationId}/dce-changes", request -> {
                    DceChanges.Prepared prepared = useCases.dceChanges().get().prepare(request.agent(),
                            request.pathParameter("consultationId"), request.body(DceChanges.Input.class));
                    Letter draft = prepared.draft();
                    APIGatewayV2HTTPResponse response = ApiResponses.json(201, new PreparedView(draft.id(),
                            draft.consultationId(), draft.type().name(), draft.type().label(), draft.subject(),
                            draft.recipients().size(), prepared.pieces().stream().map(AttachmentsHandler::view).toList(),
                            "#/consultations/" + draft.consultationId() + "/brouillons/" + draft.id()));
                    response.getHeaders().put("Location", "/letters/" + draft.id());
                    return response;
                })
                .on("POST /letters/{letterId}/attachments", request -> {
                    RequestUpload.Upload upload = useCases.requestUpload().get().request(request.agent(),
                            request.pathParameter("letterId"), request.body(RequestUpload.UploadRequest.class));
                    return ApiResponses.json(201, new UploadView(view(upload.attachment()), upload.upload()));
                })
                .on("POST /letters/{letterId}/attachments/{attachmentId}/complete", request -> ApiResponses.json(200,
                        view(useCases.completeUpload().get().complete(request.agent(), request.pathParameter("letterId"),
                                request.pathParameter("attachmentId")))))
                .on("POST /letters/{letterId}/attachments/from-documents", request -> ApiResponses.json(201,
                        view(useCases.joinDocument().get().join(request.agent(), request.pathParameter("letterId"),
                                request.body(DocumentRequest.class).documentKey()))))
                .on("GET /consultations/{consultationId}/documents", request -> ApiResponses.json(200,
                        new DocumentsView(useCases.listDocuments().get().list(request.agent(), request.pathParameter("consultationId"))
                                .stream().map(f -> new DocumentView(f.key(), AttachmentRules.cleanFileName(f.key()),
                                        f.size(), AttachmentRules.size(f.size()))).toList())))
                .on("GET /letters/{letterId}/attachments", request -> {
                    List<StoredAttachment> all = useCases.listAttachments().get().list(request.agent(), request.pathParameter("letterId"));
                    long total = AttachmentRules.total(all.stream().filter(StoredAttachment::ready)
                            .map(StoredAttachment::attachment).toList());
                    return ApiResponses.json(200, new ListView(all.stream().map(AttachmentsHandler::view).toList(),
                            total, AttachmentRules.size(total)));
                })
                .on("DELETE /letters/{letterId}/attachments/{attachmentId}", request -> {
                    useCases.removeAttachment().get().remove(request.agent(), request.pathParameter("letterId"),
                            request.pathParameter("attachmentId"));
                    return ApiResponses.noContent();
                })
                .on("GET /letters/{letterId}/attachments/{attachmentId}", request -> ApiResponses.json(200,
                        download(useCases.downloadAttachment().get().url(request.agent(), request.pathParameter("letterId"),
                                request.pathParameter("attachmentId")))))
                .on("GET /deliveries/{deliveryId}/reply-files/{fileId}", request -> ApiResponses.json(200,
                        download(useCases.downloadReplyFile().get().url(request.agent(), request.pathParameter("deliveryId"),
                                request.pathParameter("fileId")))));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return routes.handle(event);
    }

    /**
     * The first requests of an agent joining files to a letter: the list and the download link of the file of the
     * twin's synthetic draft, read and parsed as a real one; the upload request on a letter the twin does not hold
     * (so that no random id is drawn), and the links presigned.
     */
    private static void prime(AttachmentsHandler twin, FileStore files) {
        Map<String, String> letter = Map.of("letterId", PRIMING_LETTER);
        Map<String, String> absent = Map.of("letterId", "amorcage-absent");
        Priming.invoke(twin,
                Priming.agentRequest("GET /letters/{letterId}/attachments", "/letters/amorcage/attachments", letter,
                        null),
                Priming.agentRequest("GET /letters/{letterId}/attachments", "/letters/amorcage-absent/attachments",
                        absent, null),
                Priming.agentRequest("POST /letters/{letterId}/attachments",
                        "/letters/amorcage-absent/attachments", absent,
                        "{\"fileName\": \"offre.pdf\", \"contentType\": \"application/pdf\", \"size\": 1024,"
                                + " \"sha256\": \"" + "0".repeat(64) + "\"}"),
                Priming.agentRequest("GET /letters/{letterId}/attachments/{attachmentId}",
                        "/letters/amorcage/attachments/amorcage",
                        Map.of("letterId", PRIMING_LETTER, "attachmentId", PRIMING_LETTER), null));
        // Presigning is local work: the upload and download links of a file.
        Priming.exercise(files, store -> store.presignPut(PRIMING_FILE, "application/pdf", 1024,
                "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", FileStore.DOWNLOAD_VALIDITY));
        Priming.exercise(files, store -> store.presignGet(PRIMING_FILE, "offre.pdf",
                "application/pdf", FileStore.DOWNLOAD_VALIDITY));
        Priming.exercise(files, store -> store.inspect(PRIMING_FILE));
    }

    record DocumentRequest(String documentKey) {
    }

    /** @param console where the buyers' console opens the draft (after its own address) */
    record PreparedView(String letterId, String consultationId, String letterType, String letterTypeLabel,
                        String subject, int recipients, List<FileView> attachments, String console) {
    }

    record DocumentView(String key, String fileName, long size, String sizeLabel) {
    }

    record DocumentsView(List<DocumentView> documents) {
    }

    record UploadView(FileView attachment, FileStore.PresignedUpload upload) {
    }

    record ListView(List<FileView> attachments, long totalSize, String totalSizeLabel) {
    }

    record DownloadView(String url, Instant expiresAt) {
    }

    private static FileView view(StoredAttachment stored) {
        return FileView.of(stored.attachment(), null, stored.ready() ? "READY" : "PENDING");
    }

    private static DownloadView download(String url) {
        return new DownloadView(url, Instant.now().plus(FileStore.DOWNLOAD_VALIDITY));
    }

    private static UseCases wire(Wiring wiring, Map<String, String> env, Clock clock) {
        AwsClients.requireAll(env, "TABLE_NAME");
        FileStore s3 = LazyFileStore.fromEnv(wiring, env);
        Lazy<DynamoStores> stores = wiring.lazy(() -> DynamoStores.fromEnv(env));
        Lazy<ConsultationAccess> consultations = wiring.lazy(() -> new ConsultationAccess(
                stores.get().consultations(), stores.get().organisms()));
        Lazy<DraftEditor> editor = wiring.lazy(() -> new DraftEditor(stores.get().consultations(),
                stores.get().letters(), stores.get().attachments()));
        Lazy<DraftFiles> draftFiles = wiring.lazy(() -> new DraftFiles(stores.get().attachments(), s3, clock));
        return new UseCases(
                wiring.lazy(() -> new DceChanges(consultations.get(), editor.get(), stores.get().letters(),
                        draftFiles.get(), clock)),
                wiring.lazy(() -> new RequestUpload(editor.get(), draftFiles.get(), stores.get().attachments(), s3,
                        clock)),
                wiring.lazy(() -> new CompleteUpload(editor.get(), draftFiles.get(), stores.get().attachments(), s3)),
                wiring.lazy(() -> new JoinDocument(editor.get(), draftFiles.get())),
                wiring.lazy(() -> new ListDocuments(consultations.get(), s3)),
                wiring.lazy(() -> new ListAttachments(stores.get().letters(), stores.get().attachments())),
                wiring.lazy(() -> new RemoveAttachment(editor.get(), draftFiles.get())),
                wiring.lazy(() -> new DownloadAttachment(stores.get().letters(), draftFiles.get(), s3)),
                wiring.lazy(() -> new DownloadReplyFile(stores.get().deliveries(), stores.get().replies(),
                        stores.get().letters(), s3, clock)));
    }
}
