package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.consultations.ConsultationAccess;

import java.util.List;

/** The "Brouillon" tab of a consultation: its drafts, last saved first. */
public final class ListDrafts {
    private final ConsultationAccess consultations;
    private final LetterStore letters;

    public ListDrafts(ConsultationAccess consultations, LetterStore letters) {
        this.consultations = consultations;
        this.letters = letters;
    }

    public List<Letter> list(Agent agent, String consultationId) {
        return letters.drafts(consultations.find(agent, consultationId).organismId(), consultationId);
    }
}
