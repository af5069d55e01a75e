package fr.messagerie.letters;

/** Life of a letter: a draft is editable; once sending starts it is frozen for good. */
public enum LetterState {
    DRAFT,
    /** Frozen, fan-out to the recipients in progress (resumed if it was interrupted). */
    SENDING,
    SENT
}
