package fr.messagerie.servers;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A message the local SES endpoint accepted. {@code tags} and {@code configurationSetName} come from the request
 * (the SES server itself does not keep them); {@code headers} are the custom headers of Simple content.
 * {@code sentAt} has the SES server's one-second precision.
 */
public record SentEmail(String messageId, String from, List<String> replyTo, List<String> to, List<String> cc,
                        List<String> bcc, String subject, String html, String text, List<Attachment> attachments,
                        List<Header> headers, Map<String, String> tags, String configurationSetName,
                        Instant sentAt) {

    /**
     * @param transferEncoding the ContentTransferEncoding of the request (the SES server ignores it); may be null
     * @param disposition the ContentDisposition of the request (ATTACHMENT or INLINE; ignored too); may be null
     */
    public record Attachment(String filename, String contentType, long size, byte[] content, String transferEncoding,
                             String disposition) {
    }

    public record Header(String name, String value) {
    }

    /** To, Cc and Bcc together. */
    public List<String> recipients() {
        return Stream.of(to, cc, bcc).flatMap(List::stream).toList();
    }

    public Optional<String> tag(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    public Optional<String> header(String name) {
        return headers.stream().filter(header -> header.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }
}
