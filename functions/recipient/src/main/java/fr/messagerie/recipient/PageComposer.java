package fr.messagerie.recipient;

import fr.messagerie.consultations.Consultation;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.EventWording;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.FileStore;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.RichText;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns an exchange, and what an action returned, into the views of {@link Pages}, then into HTML. */
final class PageComposer {
    static final String FILE_ADDED = "fichier-ajoute";
    static final String FILE_REMOVED = "fichier-retire";
    static final String REPLY_SENT = "reponse-envoyee";
    /** Confirmations are named in the URL by code, never by text, so a link cannot make the page say anything. */
    private static final Map<String, String> NOTICES = Map.of(
            FILE_ADDED, "Le fichier a été joint à votre réponse.",
            FILE_REMOVED, "Le fichier a été retiré de votre réponse.",
            REPLY_SENT, "Votre réponse a été envoyée.");

    private final Clock clock;

    PageComposer(Clock clock) {
        this.clock = clock;
    }

    record Rendered(String html, String uploadOrigin) {
    }

    Pages.Links links(Exchange exchange) {
        return links(exchange.token(), exchange.delivery().id());
    }

    Pages.Links links(String token, String deliveryId) {
        return new Pages.Links("/r/" + token, deliveryId);
    }

    String landing(Exchange exchange, String csrf) {
        return RecipientPages.landing(new Pages.LandingPage(links(exchange), csrf, block(exchange.consultation()),
                sender(exchange.consultation()), exchange.delivery().recipient().email(), exchange.letter().subject(),
                exchange.sentAt()));
    }

    /** @param form the reply upload form offered with the page ({@link OfferReplyUpload}), if any */
    Rendered content(Exchange exchange, Optional<FileStore.PresignedForm> form, String csrf, String error, String info,
                     String draftBody) {
        Instant now = clock.instant();
        Pages.Links links = links(exchange);
        Pages.UploadForm upload = form.map(f -> new Pages.UploadForm(f.url(), f.fields(), exchange.replyRoom()))
                .orElse(null);
        Pages.SentReply sent = exchange.reply().map(r -> sentReply(exchange, r, links)).orElse(null);
        List<Pages.FileLine> pending = sent != null ? List.of() : exchange.replyFiles().stream()
                .map(f -> file(f, links, true)).toList();
        var options = exchange.letter().replyOptions();
        Pages.ReplySection reply = new Pages.ReplySection(options.allowed(), options.deadline(),
                exchange.replyClosed(now), sent, upload, pending, exchange.replyRoom(), draftBody, error,
                info == null ? null : NOTICES.get(info));
        String html = RecipientPages.content(new Pages.ContentPage(links, csrf, block(exchange.consultation()),
                sender(exchange.consultation()), exchange.delivery().recipient().email(), exchange.letter().subject(),
                exchange.letter().body(), exchange.attachments().stream().map(a -> file(a, links, false)).toList(),
                exchange.sentAt(), exchange.readAt().orElse(null), reply, now));
        return new Rendered(html, form.map(f -> WebRequest.origin(f.url())).orElse(null));
    }

    String history(Exchange exchange, List<HistoryEntry> entries) {
        Pages.Links links = links(exchange);
        List<Pages.HistoryLine> lines = entries.stream().map(entry -> {
            List<String> times = new ArrayList<>();
            entry.sentAt().ifPresent(at -> times.add(EventWording.companyTime(EventType.SENT, at)));
            entry.deliveredAt().ifPresent(at -> times.add(EventWording.companyTime(EventType.DELIVERED, at)));
            entry.readAt().ifPresent(at -> times.add(EventWording.companyTime(EventType.READ, at)));
            entry.repliedAt().ifPresent(at -> times.add(EventWording.companyTime(EventType.REPLIED, at)));
            if (entry.readAt().isEmpty()) {
                times.add("En attente de lecture");
            }
            entry.linkRevokedAt().ifPresent(at -> times.add(EventWording.companyTime(EventType.LINK_REVOKED, at)));
            boolean current = entry.delivery().id().equals(exchange.delivery().id());
            // Nothing of a letter's content before the action that records its receipt: no excerpt until read.
            String excerpt = entry.readAt().isPresent() ? RichText.excerpt(entry.letter().body(), 120) : null;
            return new Pages.HistoryLine(entry.letter().type().label(), entry.letter().subject(), times, excerpt,
                    entry.linkRevokedAt().isPresent() ? null : links.courrier(entry.delivery().id()).page(), current);
        }).toList();
        return RecipientPages.history(new Pages.HistoryPage(links, block(exchange.consultation()),
                exchange.delivery().recipient().email(), lines));
    }

    private static Pages.SentReply sentReply(Exchange exchange, Reply reply, Pages.Links links) {
        ReplyOptions options = exchange.letter().replyOptions();
        return new Pages.SentReply(reply.body(), reply.attachments().stream().map(a -> file(a, links, false)).toList(),
                reply.sentAt(), options.deadline() != null && options.acceptsReplyAt(reply.sentAt()));
    }

    private static Pages.FileLine file(Attachment attachment, Pages.Links links, boolean removable) {
        return new Pages.FileLine(attachment.fileName(), attachment.size(), attachment.sha256(),
                links.file(attachment.id()), removable ? links.deleteReplyFile(attachment.id()) : null);
    }

    private static Pages.ConsultationBlock block(Consultation c) {
        return new Pages.ConsultationBlock(c.reference(), c.title(), c.object(), c.bidDeadline(), c.organismName(),
                c.purchasingEntity(), c.directLink());
    }

    private static String sender(Consultation c) {
        return c.organismName() != null ? c.organismName()
                : c.purchasingEntity() != null ? c.purchasingEntity() : "Acheteur public";
    }
}
