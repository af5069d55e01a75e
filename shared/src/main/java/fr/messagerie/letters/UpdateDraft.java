package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.ConsultationAccess;

import java.time.Clock;

/** Saves a draft: the input's changes on the version the agent edited, never over a parallel change. */
public final class UpdateDraft {
    private final ConsultationAccess consultations;
    private final DraftEditor editor;
    private final LetterStore letters;
    private final Clock clock;

    public UpdateDraft(ConsultationAccess consultations, DraftEditor editor, LetterStore letters, Clock clock) {
        this.consultations = consultations;
        this.editor = editor;
        this.letters = letters;
        this.clock = clock;
    }

    public Letter update(Agent agent, String letterId, DraftInput input) {
        Letter current = editor.editable(agent, letterId, input.version());
        Consultation consultation = consultations.find(current.organismId(), current.consultationId());
        Letter changed = editor.apply(consultation, current, input, clock.instant());
        if (!letters.replace(changed, current.version())) {
            throw DraftEditor.concurrentChange();
        }
        return changed;
    }
}
