package fr.messagerie.recipient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The recipient pages' base URL is trimmed in one place, {@link AccessTokens#baseUrl}, for the email and the forms. */
class AccessLinkBaseUrlTest {
    @Test
    void trailing_slashes_are_dropped_and_nothing_else() {
        assertEquals("https://messagerie.exemple.fr", AccessTokens.baseUrl("https://messagerie.exemple.fr"));
        assertEquals("https://messagerie.exemple.fr", AccessTokens.baseUrl("https://messagerie.exemple.fr/"));
        assertEquals("https://messagerie.exemple.fr", AccessTokens.baseUrl("https://messagerie.exemple.fr///"));
        assertEquals("https://exemple.fr/messagerie", AccessTokens.baseUrl("https://exemple.fr/messagerie/"));
        assertEquals("http://localhost:3000", AccessTokens.baseUrl("http://localhost:3000/"));
    }
}
