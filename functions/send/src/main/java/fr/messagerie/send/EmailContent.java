package fr.messagerie.send;

/** One rendered email: subject, HTML document and its text/plain alternative. */
public record EmailContent(String subject, String html, String text) {
}
