package fr.messagerie.aws;

import fr.messagerie.delivery.Mailer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Attachment;
import software.amazon.awssdk.services.sesv2.model.AttachmentContentDisposition;
import software.amazon.awssdk.services.sesv2.model.AttachmentContentTransferEncoding;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends through SESv2 with the configuration set that publishes delivery events, our ids as message tags, UTF-8
 * content (SES encodes non-ASCII subjects and bodies), attachments in base64. Throttling (sending rate or daily quota
 * exceeded, sending paused) is retried briefly by the SDK, then reported as {@link MailThrottledException}.
 */
public final class SesMailer implements Mailer {
    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private final SesV2Client ses;
    private final String senderAddress;
    private final String configurationSet;

    public SesMailer(SesV2Client ses, String senderAddress, String configurationSet) {
        this.ses = ses;
        this.senderAddress = senderAddress;
        this.configurationSet = configurationSet;
    }

    @Override
    public String send(OutgoingEmail email) {
        List<MessageTag> tags = email.tags().entrySet().stream()
                .map(t -> MessageTag.builder().name(t.getKey()).value(t.getValue()).build()).toList();
        try {
            return ses.sendEmail(r -> r.fromEmailAddress(senderAddress)
                    .destination(d -> d.toAddresses(email.to()))
                    .configurationSetName(configurationSet)
                    .emailTags(tags)
                    .content(c -> c.simple(m -> m
                            .subject(text(email.subject()))
                            .body(Body.builder().html(text(email.html())).text(text(email.text())).build())
                            .attachments(email.attachments().stream().map(SesMailer::attachment).toList()))))
                    .messageId();
        } catch (MessageRejectedException e) {
            throw new MailRejectedException("MessageRejected", "le courriel a été refusé" + detail(e));
        } catch (BadRequestException e) {
            throw new MailRejectedException("BadRequest", "adresse ou contenu refusé" + detail(e));
        } catch (TooManyRequestsException | LimitExceededException | SendingPausedException e) {
            throw throttled(e);
        } catch (SesV2Exception e) {
            if (e.isThrottlingException()) {
                throw throttled(e);
            }
            throw e;
        }
    }

    private static MailThrottledException throttled(SesV2Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return new MailThrottledException(code == null ? e.getClass().getSimpleName() : code,
                "SES n'envoie pas pour le moment" + detail(e));
    }

    private static String detail(SesV2Exception e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message == null || message.isBlank() ? "." : " (" + message + ").";
    }

    /**
     * SES writes an attachment in 7BIT unless told otherwise: binary files (PDF, office documents, archives) need
     * BASE64 to cross mail servers intact.
     */
    private static Attachment attachment(FileContent file) {
        return Attachment.builder().fileName(file.fileName()).contentType(file.contentType())
                .contentDisposition(AttachmentContentDisposition.ATTACHMENT)
                .contentTransferEncoding(AttachmentContentTransferEncoding.BASE64)
                .rawContent(SdkBytes.fromByteArrayUnsafe(file.bytes())).build();
    }

    private static Content text(String data) {
        return Content.builder().data(data).charset(UTF_8).build();
    }
}
