package fr.messagerie.aws;

import fr.messagerie.delivery.Mailer;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.SentEmail;
import fr.messagerie.servers.SesRefusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The SESv2 requests the mailer makes, as the local SES endpoint receives and answers them. */
@ExtendWith(LocalAwsExtension.class)
class SesMailerTest {
    private final LocalSystem system;
    private final SesMailer mailer;

    SesMailerTest(LocalSystem system) {
        this.system = system;
        this.mailer = new SesMailer(system.sesV2(), "nepasrepondre@exemple.fr", "messagerie");
    }

    @Test
    void every_attachment_is_sent_base64_encoded_as_an_attachment_with_its_exact_bytes() {
        byte[] pdf = {'%', 'P', 'D', 'F', 0, (byte) 0xff, '\r', '\n', (byte) 0x80};
        byte[] xls = "Bordereau des prix\n".getBytes(StandardCharsets.UTF_8);
        String messageId = mailer.send(new Mailer.OutgoingEmail("gregory@atexo.com", "Réf. ADO-2207-2020",
                "<p>Bonjour,</p>", "Bonjour,",
                List.of(new Mailer.FileContent("Règlement_consultation - rev2.0.pdf", "application/pdf", pdf),
                        new Mailer.FileContent("Bordereau des prix Modele.xls", "application/vnd.ms-excel", xls)),
                Map.of("deliveryId", "d-1")));

        SentEmail sent = system.mailbox().find(messageId).orElseThrow();
        List<SentEmail.Attachment> attachments = sent.attachments();
        assertEquals(2, attachments.size());
        for (SentEmail.Attachment attachment : attachments) {
            assertEquals("BASE64", attachment.transferEncoding(), attachment.filename());
            assertEquals("ATTACHMENT", attachment.disposition(), attachment.filename());
        }
        assertEquals("Règlement_consultation - rev2.0.pdf", attachments.get(0).filename());
        assertEquals("application/pdf", attachments.get(0).contentType());
        assertArrayEquals(pdf, attachments.get(0).content());
        assertArrayEquals(xls, attachments.get(1).content());
        assertEquals(Map.of("deliveryId", "d-1"), sent.tags());
        assertEquals("messagerie", sent.configurationSetName());
    }

    @Test
    void an_email_without_files_carries_no_attachment() {
        String messageId = mailer.send(email("sans-piece@atexo.com"));

        assertEquals(List.of(), system.mailbox().find(messageId).orElseThrow().attachments());
    }

    @ParameterizedTest
    @EnumSource(value = SesRefusal.class, mode = EnumSource.Mode.EXCLUDE, names = "ACCOUNT_SUSPENDED")
    void ses_declining_for_now_is_throttling_not_a_refusal_of_the_email(SesRefusal refusal) {
        system.aws().refuseSesSends(refusal);
        try {
            Mailer.MailThrottledException throttled = assertThrows(Mailer.MailThrottledException.class,
                    () -> mailer.send(email("refus-" + refusal.name().toLowerCase() + "@atexo.com")));
            assertEquals(Map.of(SesRefusal.TOO_MANY_REQUESTS, "TooManyRequestsException",
                    SesRefusal.LIMIT_EXCEEDED, "LimitExceededException",
                    SesRefusal.SENDING_PAUSED, "SendingPausedException").get(refusal), throttled.serviceCode());
        } finally {
            system.aws().acceptSesSends();
        }
    }

    @Test
    void other_failures_stay_what_they_are() {
        system.aws().refuseSesSends(SesRefusal.ACCOUNT_SUSPENDED);
        try {
            assertThrows(AccountSuspendedException.class, () -> mailer.send(email("suspendu@atexo.com")));
        } finally {
            system.aws().acceptSesSends();
        }
    }

    private static Mailer.OutgoingEmail email(String to) {
        return new Mailer.OutgoingEmail(to, "Objet", "<p>x</p>", "x", List.of(), Map.of());
    }
}
