package fr.messagerie.aws;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The name a presigned POST keeps in the object's metadata, as S3 (or the page's script) writes it. */
class UploadedNameTest {

    @Test
    void a_name_written_as_rfc_2047_words_is_decoded() {
        assertEquals("Offre € 中 - rév.pdf", S3FileStore.uploadedName(Map.of("filename",
                "=?UTF-8?B?T2ZmcmUg4oKsIOS4rSAtIHLDqXYucGRm?=")));
        assertEquals("Réponse finale.pdf", S3FileStore.uploadedName(Map.of("filename",
                "=?UTF-8?Q?R=C3=A9ponse_finale.pdf?=")));
        assertEquals("a b.pdf", S3FileStore.uploadedName(Map.of("filename", "=?UTF-8?Q?a_?= =?UTF-8?Q?b.pdf?=")));
    }

    @Test
    void a_plain_name_is_kept_and_an_unexpanded_variable_is_no_name() {
        assertEquals("Offre.pdf", S3FileStore.uploadedName(Map.of("filename", "Offre.pdf")));
        assertNull(S3FileStore.uploadedName(Map.of("filename", "${filename}")));
        assertNull(S3FileStore.uploadedName(Map.of()));
        assertEquals("=?bogus?B?***?=", S3FileStore.uploadedName(Map.of("filename", "=?bogus?B?***?=")));
    }
}
