package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.aws.DynamoAttachmentStore;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.sam.LocalSystem;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A company that opened an access-link letter expecting a reply, ready to join files to it. */
record OpenedReply(RecipientBrowser browser, String link, String deliveryId, AttachmentStore store) {

    static OpenedReply open(LocalSystem system, AgentApi agent, String addressTag) {
        String letterId = agent.createDraft(agent.newConsultation(), """
                {"letterType": "DEMANDE_COMPLEMENT",
                 "replyOptions": {"allowed": true, "deadline": "2030-01-31T17:00:00+01:00"},
                 "recipients": {"addresses": "%s"}}""".formatted(Mail.address(addressTag))).path("id").asText();
        JsonNode sent = agent.send(letterId);
        system.sqs().drain("SendFunction");
        String link = Mail.accessLink(Mail.ofLetter(system, sent).get(0));
        RecipientBrowser browser = new RecipientBrowser(system.api());
        assertEquals(303, browser.submit(browser.get(link).html().selectFirst("form[method=post]"), Map.of())
                .status());
        return new OpenedReply(browser, link, sent.path("deliveries").get(0).path("id").asText(),
                new DynamoAttachmentStore(system.dynamoDb(), system.resources().tableName("MessagerieTable")));
    }

    List<Attachment> joinedFiles() {
        return store.ready(AttachmentStore.Owner.reply(deliveryId));
    }
}
