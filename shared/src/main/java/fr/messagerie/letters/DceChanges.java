package fr.messagerie.letters;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Inputs;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.ConsultationAccess;
import fr.messagerie.consultations.Register;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.DraftFiles;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The platform reports a change of the consultation's documents (DCE): a new piece, or a piece replaced by another.
 * A draft "Information de modification de la consultation" to the withdrawals register is prepared, with those pieces
 * joined from the document space, for an agent to check and send. A whole new DCE is no such change (seed 004): the
 * platform does not report it here, and no piece would be joined. Every piece is checked before anything is written
 * (its key in the document space of the agent's organism, the file there); a refusal later on, a piece too large for
 * the letter say, removes the draft: all the pieces or no notice.
 */
public final class DceChanges {
    private static final Set<String> CHANGES = Set.of("ADDED", "REPLACED");

    private final ConsultationAccess consultations;
    private final DraftEditor drafts;
    private final LetterStore letters;
    private final DraftFiles files;
    private final Clock clock;

    public DceChanges(ConsultationAccess consultations, DraftEditor drafts, LetterStore letters, DraftFiles files,
                      Clock clock) {
        this.consultations = consultations;
        this.drafts = drafts;
        this.letters = letters;
        this.files = files;
        this.clock = clock;
    }

    /** @param change ADDED (a new piece) or REPLACED (it replaces a piece of the same DCE) */
    public record Piece(String documentKey, String change) {
    }

    public record Input(List<Piece> pieces) {
    }

    public record Prepared(Letter draft, List<AttachmentStore.StoredAttachment> pieces) {
    }

    public Prepared prepare(Agent agent, String consultationId, Input input) {
        // The consultation first: another organism's id is answered as an unknown one, whatever the body.
        Consultation consultation = consultations.find(agent, consultationId);
        List<Piece> pieces = input.pieces() == null ? List.of() : input.pieces();
        List<Violation> violations = new ArrayList<>();
        if (pieces.isEmpty()) {
            violations.add(new Violation("dce-pieces-required", "pieces",
                    "Indiquez au moins une pièce ajoutée ou remplacée du DCE."));
        } else if (pieces.size() > AttachmentRules.MAX_FILES) {
            violations.add(new Violation("too-many-dce-pieces", "pieces", "Un avis de modification joint au plus "
                    + AttachmentRules.MAX_FILES + " pièces (" + pieces.size() + " indiquées)."));
            throw ProblemException.badRequest(violations);
        }
        Set<String> keys = new HashSet<>();
        ProblemException missing = null;
        for (int i = 0; i < pieces.size(); i++) {
            Piece piece = pieces.get(i);
            String field = "pieces[" + i + "]";
            if (piece == null || piece.documentKey() == null || piece.documentKey().isBlank()) {
                violations.add(new Violation("invalid-document", field + ".documentKey",
                        "La pièce n°" + (i + 1) + " n'indique pas son document."));
                continue;
            }
            if (piece.change() == null || !CHANGES.contains(piece.change())) {
                violations.add(new Violation("invalid-dce-change", field + ".change",
                        "Modification inconnue pour la pièce n°" + (i + 1) + " : « " + Inputs.shown(piece.change())
                                + " ». Valeurs possibles : ADDED (nouvelle pièce), REPLACED (pièce remplacée)."));
            }
            try {
                files.requireDocument(consultation, piece.documentKey(), field + ".documentKey");
            } catch (ProblemException e) {
                if (e.status() == 404) {
                    missing = missing == null ? e : missing;
                } else {
                    violations.addAll(e.violations());
                }
                continue;
            }
            if (!keys.add(piece.documentKey())) {
                violations.add(new Violation("duplicate-dce-piece", field + ".documentKey",
                        "La pièce n°" + (i + 1) + " est déjà indiquée."));
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest(violations);
        }
        if (missing != null) {
            throw missing;
        }
        Letter draft = drafts.newDraft(agent, consultation, new DraftInput(LetterType.MODIFICATION.name(), null,
                null, null, null, new DraftInput.RecipientsInput(null, List.of(Register.WITHDRAWALS.name()), null),
                null), clock.instant());
        letters.create(draft);
        List<AttachmentStore.StoredAttachment> joined = new ArrayList<>();
        try {
            for (Piece piece : pieces) {
                joined.add(files.joinDocument(draft, piece.documentKey()));
            }
        } catch (ProblemException e) {
            // All the pieces or no draft: a partial notice would tell the companies less than changed.
            for (AttachmentStore.StoredAttachment attachment : joined) {
                files.remove(draft, attachment.attachment().id());
            }
            letters.deleteDraft(draft.id(), draft.version());
            throw e;
        }
        return new Prepared(draft, joined);
    }
}
