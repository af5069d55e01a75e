package fr.messagerie.files;

import fr.messagerie.common.Agent;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.ConsultationAccess;

import java.util.List;

/** The files of a consultation's document space, with their key and size, for the agent to pick from. */
public final class ListDocuments {
    private final ConsultationAccess consultations;
    private final FileStore files;

    public ListDocuments(ConsultationAccess consultations, FileStore files) {
        this.consultations = consultations;
        this.files = files;
    }

    public List<FileStore.ListedFile> list(Agent agent, String consultationId) {
        Consultation consultation = consultations.find(agent, consultationId);
        return files.list(FileKeys.consultationDocuments(consultation.organismId(), consultation.id())).stream()
                .filter(file -> !file.key().endsWith("/")).toList();
    }
}
