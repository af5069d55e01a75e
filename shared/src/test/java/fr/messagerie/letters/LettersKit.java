package fr.messagerie.letters;

import fr.messagerie.common.Organism;
import fr.messagerie.consultations.ConsultationAccess;
import fr.messagerie.consultations.InMemoryConsultationStore;
import fr.messagerie.consultations.InMemoryOrganismStore;
import fr.messagerie.consultations.UpsertConsultation;
import fr.messagerie.delivery.InMemoryDeliveryStore;
import fr.messagerie.delivery.InMemoryDispatchQueue;
import fr.messagerie.files.CompleteUpload;
import fr.messagerie.files.DownloadAttachment;
import fr.messagerie.files.DownloadReplyFile;
import fr.messagerie.files.DraftFiles;
import fr.messagerie.files.FileStore;
import fr.messagerie.files.InMemoryAttachmentStore;
import fr.messagerie.files.JoinDocument;
import fr.messagerie.files.ListAttachments;
import fr.messagerie.files.ListDocuments;
import fr.messagerie.files.RemoveAttachment;
import fr.messagerie.files.RequestUpload;

import java.time.Clock;

/**
 * The agent's actions on letters and their files wired over in-memory ports, for two organisms, Lyon and Paris; the
 * fan-out of a send runs on the calling thread.
 */
public final class LettersKit {
    public final InMemoryOrganismStore organisms = new InMemoryOrganismStore(
            new Organism("lyon", "Ville de Lyon"), new Organism("paris", "Ville de Paris"));
    public final InMemoryConsultationStore consultationStore = new InMemoryConsultationStore();
    public final ConsultationAccess consultations = new ConsultationAccess(consultationStore, organisms);
    public final UpsertConsultation upsertConsultation = new UpsertConsultation(consultationStore, organisms);
    public final InMemoryAttachmentStore attachments = new InMemoryAttachmentStore();
    public final InMemoryLetterStore letters = new InMemoryLetterStore(attachments);
    public final InMemoryDeliveryStore deliveries = new InMemoryDeliveryStore();
    public final InMemoryDispatchQueue queue = new InMemoryDispatchQueue();
    public final DraftEditor editor = new DraftEditor(consultationStore, letters, attachments);
    public final CreateDraft createDraft;
    public final ShowLetter showLetter;
    public final UpdateDraft updateDraft;
    public final DeleteDraft deleteDraft;
    public final ListDrafts listDrafts;
    public final SendLetter sendLetter;
    public final DraftFiles draftFiles;
    public final RequestUpload requestUpload;
    public final CompleteUpload completeUpload;
    public final JoinDocument joinDocument;
    public final ListDocuments listDocuments;
    public final ListAttachments listAttachments;
    public final RemoveAttachment removeAttachment;
    public final DownloadAttachment downloadAttachment;
    public final DownloadReplyFile downloadReplyFile;
    public final DceChanges dceChanges;

    public LettersKit(Clock clock, FileStore files) {
        createDraft = new CreateDraft(consultations, editor, letters, clock);
        showLetter = new ShowLetter(letters, deliveries, deliveries, attachments, clock);
        updateDraft = new UpdateDraft(consultations, editor, letters, clock);
        deleteDraft = new DeleteDraft(editor, letters);
        listDrafts = new ListDrafts(consultations, letters);
        sendLetter = new SendLetter(consultations, consultationStore, letters, deliveries, queue, Runnable::run, clock);
        draftFiles = new DraftFiles(attachments, files, clock);
        requestUpload = new RequestUpload(editor, draftFiles, attachments, files, clock);
        completeUpload = new CompleteUpload(editor, draftFiles, attachments, files);
        joinDocument = new JoinDocument(editor, draftFiles);
        listDocuments = new ListDocuments(consultations, files);
        listAttachments = new ListAttachments(letters, attachments);
        removeAttachment = new RemoveAttachment(editor, draftFiles);
        downloadAttachment = new DownloadAttachment(letters, draftFiles, files);
        downloadReplyFile = new DownloadReplyFile(deliveries, deliveries, letters, files, clock);
        dceChanges = new DceChanges(consultations, editor, letters, draftFiles, clock);
    }
}
