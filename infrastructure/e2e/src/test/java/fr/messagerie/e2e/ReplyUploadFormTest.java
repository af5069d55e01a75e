package fr.messagerie.e2e;

import fr.messagerie.files.Attachment;
import fr.messagerie.files.FileKeys;
import fr.messagerie.sam.LocalAwsExtension;
import fr.messagerie.sam.LocalSystem;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reply's upload form: one exact key per form, issued to one delivery; a form gives at most one file. */
@ExtendWith(LocalAwsExtension.class)
class ReplyUploadFormTest {
    private final LocalSystem system;
    private final AgentApi agent;

    ReplyUploadFormTest(LocalSystem system) {
        this.system = system;
        this.agent = new AgentApi(system.api());
    }

    @Test
    void the_bucket_refuses_the_same_form_posted_with_other_keys_and_a_joined_file_cannot_be_replaced()
            throws Exception {
        OpenedReply company = OpenedReply.open(system, agent, "formulaire");
        Element form = company.browser().get(company.link()).html().selectFirst("form[enctype=multipart/form-data]");
        String issued = form.selectFirst("input[name=key]").attr("value");
        String policy = new String(Base64.getDecoder().decode(form.selectFirst("input[name=policy]").attr("value")),
                StandardCharsets.UTF_8);
        assertTrue(policy.contains("{\"key\":\"" + issued + "\"}"), policy);
        assertTrue(!policy.contains("\"$key\""), "no starts-with condition on the key: " + policy);

        for (String other : List.of(issued + "/autre.pdf", issued + "-bis",
                FileKeys.replyUpload(company.deliveryId(), UUID.randomUUID().toString()))) {
            Map<String, String> fields = fields(form);
            fields.put("key", other);
            HttpResponse<String> refused = company.browser().post(form.attr("action"), fields, "autre.pdf",
                    "autre".getBytes(StandardCharsets.UTF_8));
            assertEquals(403, refused.statusCode(), other + " " + refused.body());
            assertTrue(system.s3().listObjectsV2(r -> r.bucket(bucket()).prefix(other)).contents().isEmpty(), other);
        }

        byte[] offer = "Offre complète".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> stored = company.browser().upload(form, "Offre.pdf", offer);
        assertEquals(303, stored.statusCode(), stored.body());
        String back = stored.headers().firstValue("Location").orElseThrow();
        assertEquals(303, company.browser().get(back).status());

        // The same form again, within its validity: the joined file keeps the bytes that were fingerprinted.
        HttpResponse<String> again = company.browser().upload(form, "Offre.pdf",
                "Offre remplacée".getBytes(StandardCharsets.UTF_8));
        assertEquals(303, again.statusCode(), again.body());
        assertEquals(303, company.browser().get(again.headers().firstValue("Location").orElseThrow()).status());
        List<Attachment> joined = company.joinedFiles();
        assertEquals(1, joined.size(), joined.toString());
        assertEquals("Offre.pdf", joined.get(0).fileName());
        RecipientBrowser.Page content = company.browser().get(company.link());
        Element download = content.html().selectFirst("ul.files a:contains(Offre.pdf)");
        RecipientBrowser.Page redirect = company.browser().get(download.attr("href"));
        assertArrayEquals(offer, company.browser().download(redirect.location()));
    }

    @Test
    void completion_refuses_a_key_that_was_not_issued_to_the_delivery() {
        OpenedReply company = OpenedReply.open(system, agent, "formulaire");
        String notIssued = FileKeys.replyUpload(company.deliveryId(), UUID.randomUUID().toString());
        String formerLayout = "deliveries/" + company.deliveryId() + "/reply/" + UUID.randomUUID() + "/glisse.pdf";
        for (String key : List.of(notIssued, formerLayout)) {
            system.s3().putObject(r -> r.bucket(bucket()).key(key),
                    RequestBody.fromBytes("déposé à côté du formulaire".getBytes(StandardCharsets.UTF_8)));

            RecipientBrowser.Page refused = company.browser().get(company.link() + "/reply-files/uploaded?key=" + key);

            assertEquals(400, refused.status(), key + " " + refused.text());
            assertTrue(refused.text().contains("Le fichier téléversé est introuvable.")
                    || refused.text().contains("Ce téléversement n'a pas été proposé pour ce courrier"),
                    refused.text());
        }
        assertEquals(List.of(), company.joinedFiles());
    }

    private static Map<String, String> fields(Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> fields.put(input.attr("name"), input.attr("value")));
        return fields;
    }

    private String bucket() {
        return system.resources().bucketName("FilesBucket");
    }
}
