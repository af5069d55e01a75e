package fr.messagerie.letters;

import fr.messagerie.consultations.Consultation;

/** Writes the email of a letter: its content in plain mode, the access-link notification otherwise. */
public interface LetterEmails {

    /** @param accessLink null for a simple email */
    RenderedEmail render(Letter letter, Consultation consultation, String accessLink);

    record RenderedEmail(String subject, String html, String text) {
    }
}
