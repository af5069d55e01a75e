package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.consultations.ConsultationAccess;

import java.time.Clock;

/** "Nouveau courrier": a draft of a letter type, from its template, on a consultation of the agent's organism. */
public final class CreateDraft {
    private final ConsultationAccess consultations;
    private final DraftEditor editor;
    private final LetterStore letters;
    private final Clock clock;

    public CreateDraft(ConsultationAccess consultations, DraftEditor editor, LetterStore letters, Clock clock) {
        this.consultations = consultations;
        this.editor = editor;
        this.letters = letters;
        this.clock = clock;
    }

    public Letter create(Agent agent, String consultationId, DraftInput input) {
        Letter draft = editor.newDraft(agent, consultations.find(agent, consultationId), input, clock.instant());
        letters.create(draft);
        return draft;
    }
}
