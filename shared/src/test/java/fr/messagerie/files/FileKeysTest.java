package fr.messagerie.files;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bucket's layout, as the stored files and the bucket's policies and lifecycle rules know it. */
class FileKeysTest {
    private static final String FILE_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @Test
    void each_kind_of_file_has_its_prefix() {
        assertEquals("letters/L1/attachments/F1", FileKeys.letterAttachment("L1", "F1"));
        assertEquals("letters/L1/", FileKeys.letterFiles("L1"));
        assertEquals("consultations/lyon/ADO-1/documents/", FileKeys.consultationDocuments("lyon", "ADO-1"));
        assertEquals("proofs/D1/abc.pdf", FileKeys.proof("D1", "abc"));
        assertEquals("proofs/D1/", FileKeys.proofs("D1"));
        assertEquals("reply-uploads/D1/" + FILE_ID, FileKeys.replyUpload("D1", FILE_ID));
        assertEquals("deliveries/D1/reply/F1/v1", FileKeys.replyFile("D1", "F1", "v1"));
    }

    @Test
    void a_reply_upload_key_is_read_back_as_it_was_made_and_nothing_else_is() {
        assertEquals(Optional.of(new FileKeys.ReplyUpload("D-1", FILE_ID)),
                FileKeys.parseReplyUpload(FileKeys.replyUpload("D-1", FILE_ID)));
        for (String other : new String[] {null, "", "reply-uploads/D1", "reply-uploads/D1/" + FILE_ID + "/x",
                "letters/D1/" + FILE_ID, "reply-uploads/D#1/" + FILE_ID, "reply-uploads/D1/not-a-uuid",
                "reply-uploads/" + "d".repeat(65) + "/" + FILE_ID}) {
            assertTrue(FileKeys.parseReplyUpload(other).isEmpty(), String.valueOf(other));
        }
    }

    @Test
    void a_document_is_a_file_within_its_consultation_space() {
        String space = FileKeys.consultationDocuments("lyon", "ADO-1");
        assertTrue(FileKeys.isConsultationDocument("lyon", "ADO-1", space + "DCE/CCTP.pdf"));
        for (String other : new String[] {null, space, space + "DCE/", space + "../x.pdf",
                FileKeys.consultationDocuments("lyon", "ADO-10") + "x.pdf",
                FileKeys.consultationDocuments("paris", "ADO-1") + "x.pdf", space + "x".repeat(1024)}) {
            assertFalse(FileKeys.isConsultationDocument("lyon", "ADO-1", other), String.valueOf(other));
        }
    }
}
