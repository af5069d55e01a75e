package fr.messagerie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.messagerie.sam.LocalSystem;
import fr.messagerie.servers.SentEmail;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading back, in the SES server, the mail of one letter. */
final class Mail {
    private static final Pattern LINK = Pattern.compile(RecipientBrowser.BASE_URL + "(/r/[A-Za-z0-9_-]+)");
    private Mail() {
    }

    /** A fresh address, so that tests sharing the servers never see each other's mail. */
    static String address(String who) {
        return who + "." + UUID.randomUUID().toString().substring(0, 8) + "@entreprise.example";
    }

    /** The emails SES accepted for the deliveries of a letter (found by our deliveryId message tag). */
    static List<SentEmail> ofLetter(LocalSystem system, JsonNode letter) {
        Set<String> deliveryIds = new HashSet<>();
        letter.path("deliveries").forEach(d -> deliveryIds.add(d.path("id").asText()));
        return system.mailbox().all().stream()
                .filter(mail -> mail.tag("deliveryId").filter(deliveryIds::contains).isPresent())
                .toList();
    }

    /** The path of the access link in an email ("/r/{token}"), as the company's browser would follow it. */
    static String accessLink(SentEmail mail) {
        Matcher matcher = LINK.matcher(mail.html());
        if (!matcher.find()) {
            throw new AssertionError("no access link in " + mail.html());
        }
        return matcher.group(1);
    }

    static JsonNode deliveryTo(JsonNode letter, String address) {
        for (JsonNode delivery : letter.path("deliveries")) {
            if (delivery.path("recipient").path("email").asText().equalsIgnoreCase(address)) {
                return delivery;
            }
        }
        throw new AssertionError("no delivery to " + address + " in " + letter);
    }
}
