package fr.messagerie.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import fr.messagerie.support.Json;

import java.util.List;

/** The fingerprints of exchanged files, as the events keep them for the proof of the exchanges. */
public final class Evidence {
    private Evidence() {
    }

    public record FileFingerprint(String fileName, long size, String sha256) {
    }

    public static List<FileFingerprint> fingerprints(List<Attachment> attachments) {
        return attachments.stream().map(a -> new FileFingerprint(a.fileName(), a.size(), a.sha256())).toList();
    }

    /** The fingerprints as an event's details keep them ({@link fr.messagerie.delivery.DeliveryEvent#ATTACHMENTS}). */
    public static String files(List<Attachment> attachments) {
        try {
            return Json.MAPPER.writeValueAsString(fingerprints(attachments));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<FileFingerprint> parse(String json) {
        try {
            return json == null ? List.of() : Json.MAPPER.readValue(json, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
