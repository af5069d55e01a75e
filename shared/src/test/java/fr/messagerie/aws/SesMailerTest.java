package fr.messagerie.aws;

import fr.messagerie.delivery.Mailer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.Attachment;
import software.amazon.awssdk.services.sesv2.model.AttachmentContentDisposition;
import software.amazon.awssdk.services.sesv2.model.AttachmentContentTransferEncoding;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The SESv2 request the mailer builds, caught before it leaves the SDK. */
class SesMailerTest {

    /** A client that keeps the requests it is given instead of calling SES. */
    private static final class RecordingClient implements SesV2Client {
        final List<SendEmailRequest> requests = new ArrayList<>();

        @Override
        public SendEmailResponse sendEmail(SendEmailRequest request) {
            requests.add(request);
            return SendEmailResponse.builder().messageId("m-" + requests.size()).build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void every_attachment_is_sent_base64_encoded_as_an_attachment_with_its_exact_bytes() {
        RecordingClient ses = new RecordingClient();
        byte[] pdf = {'%', 'P', 'D', 'F', 0, (byte) 0xff, '\r', '\n', (byte) 0x80};
        byte[] xls = "Bordereau des prix\n".getBytes(StandardCharsets.UTF_8);
        String messageId = new SesMailer(ses, "nepasrepondre@exemple.fr", "messagerie").send(
                new Mailer.OutgoingEmail("gregory@atexo.com", "Réf. ADO-2207-2020", "<p>Bonjour,</p>", "Bonjour,",
                        List.of(new Mailer.FileContent("Règlement_consultation - rev2.0.pdf", "application/pdf", pdf),
                                new Mailer.FileContent("Bordereau des prix Modele.xls", "application/vnd.ms-excel",
                                        xls)),
                        Map.of("deliveryId", "d-1")));

        assertEquals("m-1", messageId);
        List<Attachment> attachments = ses.requests.get(0).content().simple().attachments();
        assertEquals(2, attachments.size());
        for (Attachment attachment : attachments) {
            assertEquals(AttachmentContentTransferEncoding.BASE64, attachment.contentTransferEncoding(),
                    attachment.fileName());
            assertEquals(AttachmentContentDisposition.ATTACHMENT, attachment.contentDisposition());
        }
        assertEquals("Règlement_consultation - rev2.0.pdf", attachments.get(0).fileName());
        assertEquals("application/pdf", attachments.get(0).contentType());
        assertArrayEquals(pdf, attachments.get(0).rawContent().asByteArray());
        assertArrayEquals(xls, attachments.get(1).rawContent().asByteArray());
    }

    @Test
    void an_email_without_files_carries_no_attachment() {
        RecordingClient ses = new RecordingClient();
        new SesMailer(ses, "nepasrepondre@exemple.fr", "messagerie").send(new Mailer.OutgoingEmail(
                "gregory@atexo.com", "Objet", "<p>x</p>", "x", List.of(), Map.of()));

        assertEquals(List.of(), ses.requests.get(0).content().simple().attachments());
    }

    @Test
    void ses_declining_for_now_is_throttling_not_a_refusal_of_the_email() {
        List<SesV2Exception> declines = List.of(
                error(TooManyRequestsException.builder(), "TooManyRequestsException", 429),
                error(LimitExceededException.builder(), "LimitExceededException", 400),
                error(SendingPausedException.builder(), "SendingPausedException", 400));
        for (SesV2Exception decline : declines) {
            Mailer.MailThrottledException throttled = assertThrows(Mailer.MailThrottledException.class,
                    () -> new SesMailer(failing(decline), "nepasrepondre@exemple.fr", "messagerie").send(email()));
            assertEquals(decline.awsErrorDetails().errorCode(), throttled.serviceCode());
        }
    }

    @Test
    void other_failures_stay_what_they_are() {
        SesV2Exception suspended = error(AccountSuspendedException.builder(), "AccountSuspendedException", 400);
        assertThrows(AccountSuspendedException.class,
                () -> new SesMailer(failing(suspended), "nepasrepondre@exemple.fr", "messagerie").send(email()));
    }

    private static SesV2Exception error(SesV2Exception.Builder builder, String code, int status) {
        return (SesV2Exception) builder.statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("declined").build()).build();
    }

    private static SesV2Client failing(SesV2Exception error) {
        return new SesV2Client() {
            @Override
            public SendEmailResponse sendEmail(SendEmailRequest request) {
                throw error;
            }

            @Override
            public String serviceName() {
                return SERVICE_NAME;
            }

            @Override
            public void close() {
            }
        };
    }

    private static Mailer.OutgoingEmail email() {
        return new Mailer.OutgoingEmail("gregory@atexo.com", "Objet", "<p>x</p>", "x", List.of(), Map.of());
    }
}
