package fr.messagerie.letters;

import java.util.regex.Pattern;

/**
 * What every delivery of a letter repeats for the tracking list, worked out once per letter and never per recipient:
 * the excerpt, and the text keywords are searched in (subject and body on one line, so that its size follows the
 * body's and not the indentation of its lists).
 */
public record LetterText(String excerpt, String searchText) {
    public static final int EXCERPT_LENGTH = 200;
    private static final Pattern SPACES = Pattern.compile("\\s+");

    public static LetterText of(Letter letter) {
        String body = SPACES.matcher(RichText.toPlainText(letter.body())).replaceAll(" ");
        return new LetterText(RichText.excerpt(letter.body(), EXCERPT_LENGTH), letter.subject() + " " + body);
    }
}
