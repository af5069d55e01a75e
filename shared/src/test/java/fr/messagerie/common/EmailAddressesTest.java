package fr.messagerie.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmailAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "gregory@atexo.com",
            "paul.fournier@forpro.fr",
            "Bernard.Robert@Local-Trust.COM",
            "michel@sub.fr",
            "a@b.fr",
            "prenom.nom+marches@entreprise.example.fr",
            "o'brien@example.co.uk",
            "x_y-z@a-b.c-d.org",
            "!#$%&'*+/=?^_`{|}~-@example.com",
            "1234@123.example.com",
            "contact@xn--dpartement-d7a.fr",
            "nepasrepondre@demat-ampa.fr"
    })
    void acceptsUsualAddresses(String address) {
        assertTrue(EmailAddresses.isValid(address), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            " ",
            "gregory",
            "gregory@",
            "@atexo.com",
            "gregory@atexo",
            "gregory@@atexo.com",
            "greg@ory@atexo.com",
            "gregory@atexo.c",
            "gregory@atexo.123",
            "gregory@atexo.fr1",
            ".gregory@atexo.com",
            "gregory.@atexo.com",
            "greg..ory@atexo.com",
            "gregory@.atexo.com",
            "gregory@atexo..com",
            "gregory@atexo.com.",
            "gregory@-atexo.com",
            "gregory@atexo-.com",
            "gregory@at_exo.com",
            "greg ory@atexo.com",
            " gregory@atexo.com",
            "gregory@atexo.com ",
            "\"greg\"@atexo.com",
            "greg(ory)@atexo.com",
            "grégory@atexo.com",
            "gregory@atéxo.com",
            "gregory@[192.168.0.1]",
            "gregory@192.168.0.1",
            "Grégory Dupont <gregory@atexo.com>",
            "<gregory@atexo.com>",
            "mailto:gregory@atexo.com",
            "gregory@atexo.com,paul@forpro.fr",
            "gregory@atexo.com\n"
    })
    void rejectsInvalidAddresses(String address) {
        assertFalse(EmailAddresses.isValid(address), address);
    }

    @Test
    void rejectsNull() {
        assertFalse(EmailAddresses.isValid(null));
    }

    @Test
    void enforcesLengthLimits() {
        String local64 = "a".repeat(64);
        assertTrue(EmailAddresses.isValid(local64 + "@example.fr"));
        assertFalse(EmailAddresses.isValid("a" + local64 + "@example.fr"));
        assertFalse(EmailAddresses.isValid("a@" + "b".repeat(64) + ".fr"));
        String label63 = "b".repeat(63);
        String valid254 = "a@" + label63 + "." + label63 + "." + label63 + "." + "c".repeat(57) + ".fr";
        assertEquals(254, valid254.length());
        assertTrue(EmailAddresses.isValid(valid254));
        assertFalse(EmailAddresses.isValid("a" + valid254));
    }

    @Test
    void parsesAnyMixOfSeparators() {
        EmailAddresses.ParsedAddresses parsed = EmailAddresses.parse(
                "gregory@atexo.com, paul.fournier@forpro.fr;bernard.robert@local-trust.com\r\n"
                        + "michel@sub.fr\t\tjean@exemple.fr ;; , \n\n  claire@exemple.fr,");
        assertEquals(List.of("gregory@atexo.com", "paul.fournier@forpro.fr", "bernard.robert@local-trust.com",
                "michel@sub.fr", "jean@exemple.fr", "claire@exemple.fr"), parsed.valid());
        assertEquals(List.of(), parsed.invalid());
    }

    @Test
    void acceptsAngleBracketsAndMailto() {
        EmailAddresses.ParsedAddresses parsed =
                EmailAddresses.parse("<gregory@atexo.com>; mailto:paul@forpro.fr MAILTO:michel@sub.fr <mailto:a@b.fr>");
        assertEquals(List.of("gregory@atexo.com", "paul@forpro.fr", "michel@sub.fr", "a@b.fr"), parsed.valid());
        assertEquals(List.of(), parsed.invalid());
    }

    @Test
    void deduplicatesCaseInsensitivelyKeepingTheFirstSpellingAndOrder() {
        EmailAddresses.ParsedAddresses parsed = EmailAddresses.parse(
                "Gregory@Atexo.com paul@forpro.fr gregory@atexo.com <GREGORY@ATEXO.COM> mailto:Paul@Forpro.fr");
        assertEquals(List.of("Gregory@Atexo.com", "paul@forpro.fr"), parsed.valid());
    }

    @Test
    void reportsInvalidTokensAsTypedOnce() {
        EmailAddresses.ParsedAddresses parsed = EmailAddresses.parse(
                "gregory@atexo, paul@forpro.fr; <pas-une-adresse> GREGORY@ATEXO gregory@atexo mailto:x@y");
        assertEquals(List.of("paul@forpro.fr"), parsed.valid());
        assertEquals(List.of("gregory@atexo", "<pas-une-adresse>", "mailto:x@y"), parsed.invalid());
    }

    @Test
    void displayNamesAreNotAddresses() {
        EmailAddresses.ParsedAddresses parsed = EmailAddresses.parse("Dupont <gregory@atexo.com>");
        assertEquals(List.of("gregory@atexo.com"), parsed.valid());
        assertEquals(List.of("Dupont"), parsed.invalid());
    }

    @Test
    void nullOrBlankGivesNothing() {
        for (String pasted : new String[] {null, "", "  \r\n\t ", " ,;; \n"}) {
            EmailAddresses.ParsedAddresses parsed = EmailAddresses.parse(pasted);
            assertEquals(List.of(), parsed.valid());
            assertEquals(List.of(), parsed.invalid());
        }
    }

    @Test
    void nonBreakingSpacesSeparateToo() {
        assertEquals(List.of("a@b.fr", "c@d.fr"), EmailAddresses.parse("a@b.fr\u00A0c@d.fr").valid());
    }
}
