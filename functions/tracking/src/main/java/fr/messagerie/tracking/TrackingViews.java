package fr.messagerie.tracking;

import fr.messagerie.common.ParisTime;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.EventWording;
import fr.messagerie.files.Evidence;
import fr.messagerie.http.FileView;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.RichText;
import fr.messagerie.letters.SendMode;
import fr.messagerie.recipient.AccessTokens;
import fr.messagerie.recipient.ReplyForAgent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the tracking API: codes for programs, French labels and Paris times for people. */
final class TrackingViews {
    private TrackingViews() {
    }

    record Time(Instant at, String label) {
    }

    record RecipientView(String email, String name, String company) {
    }

    record ReplySummary(boolean sealed, String excerpt, String sealedNotice) {
    }

    record Row(String deliveryId, String letterId, String status, String statusLabel, boolean favorite,
               Map<String, Time> events, String letterType, String letterTypeLabel, String subject,
               RecipientView recipient, String excerpt, ReplySummary reply, String nonDeliveryReason,
               List<String> actions) {
    }

    record StatusCount(String status, String label, int count) {
    }

    /** A letter of the list's events (E, D, L, R) and what it stands for ("Envoyé"…), in the list's order. */
    record EventLetter(String letter, String title) {
    }

    record Page(int total, int pageSize, String nextCursor, List<StatusCount> countsByStatus, int favorites,
                List<EventLetter> eventLetters, List<Row> rows) {
    }

    record Draft(String id, String letterType, String letterTypeLabel, String subject, int recipients,
                 String recipientsLabel, Instant updatedAt, String updatedAtLabel, String excerpt,
                 List<String> actions) {
    }

    record Drafts(int total, List<Draft> drafts) {
    }

    /** @param title the event as the thread detail heads it ("Courrier délivré à …"), from {@link EventWording} */
    record EventView(String id, String type, String letter, String label, String title, Instant at, String atLabel,
                     int attempt, String actor, Map<String, String> details, List<Evidence.FileFingerprint> files) {
    }

    record ReplyView(Instant sentAt, String sentAtLabel, boolean sealed, String sealedNotice, String body,
                     List<FileView> files, String beforeDeadline) {
    }

    record ThreadView(String deliveryId, String status, String statusLabel, RecipientView recipient,
                      String letterId, String letterType, String letterTypeLabel, String sendMode, String subject,
                      String body, List<FileView> attachments, List<EventView> events, String nonDeliveryReason,
                      ReplyView reply, String correctionOf, List<String> actions, String proof) {
    }

    static Page page(TrackingQuery.Page page, Instant now) {
        List<StatusCount> counts = Arrays.stream(DeliveryStatus.values()).filter(s -> s != DeliveryStatus.DRAFT)
                .map(s -> new StatusCount(s.name(), s.label(), page.countsByStatus().getOrDefault(s, 0))).toList();
        List<EventLetter> letters = EventWording.LIST_LETTERS.stream()
                .map(type -> new EventLetter(type.letter(), EventWording.listTitle(type))).toList();
        return new Page(page.total(), page.pageSize(), page.nextCursor(), counts, page.favorites(), letters,
                page.rows().stream().map(r -> row(r, now)).toList());
    }

    static Row row(TrackingRow r, Instant now) {
        Map<String, Time> events = new LinkedHashMap<>();
        put(events, "E", r.sentE());
        put(events, "D", r.deliveredD());
        put(events, "L", r.readL());
        put(events, "R", r.repliedR());
        ReplySummary reply = null;
        if (r.repliedR() != null) {
            ReplyForAgent visible = ReplyForAgent.of(r.replyOptions(), r.repliedR(), r.replyExcerpt(), List.of(), now);
            reply = new ReplySummary(visible.sealed(), visible.body(), visible.sealedNotice());
        }
        return new Row(r.deliveryId(), r.letterId(), r.status().name(), r.status().label(), r.favorite(), events,
                r.letterType().name(), r.letterType().label(), r.subject(), recipient(r.recipient()), r.excerpt(),
                reply, r.nonDeliveryReason(), actions(r.status()));
    }

    static Drafts drafts(List<Letter> drafts) {
        return new Drafts(drafts.size(), drafts.stream().map(d -> new Draft(d.id(), d.type().name(), d.type().label(),
                d.subject(), d.recipients().size(), d.recipients().size() + " destinataire(s)", d.updatedAt(),
                ParisTime.timestamp(d.updatedAt()), RichText.excerpt(d.body(), 200), List.of("edit", "delete")))
                .toList());
    }

    static ThreadView thread(Threads.Thread thread) {
        Letter letter = thread.letter();
        ReplyView reply = thread.reply().map(r -> reply(thread, r)).orElse(null);
        List<String> actions = new ArrayList<>(actions(thread.status()));
        if (reply != null && !reply.sealed()) {
            actions.add("reply-read");
        }
        if (letter.sendMode() == SendMode.ACCESS_LINK && !AccessTokens.revoked(thread.events())) {
            actions.add("revoke-link");
        }
        return new ThreadView(thread.delivery().id(), thread.status().name(), thread.status().label(),
                recipient(thread.delivery().recipient()), letter.id(), letter.type().name(), letter.type().label(),
                letter.sendMode().name(), letter.subject(), letter.body(),
                thread.attachments().stream()
                        .map(a -> FileView.of(a, "/letters/" + letter.id() + "/attachments/" + a.id())).toList(),
                thread.events().stream().map(e -> event(e, thread.delivery().recipient().email())).toList(),
                thread.failure().map(f -> f.detail(DeliveryEvent.REASON)).orElse(null), reply,
                thread.delivery().correctionOf(), actions, "/deliveries/" + thread.delivery().id() + "/proof");
    }

    private static ReplyView reply(Threads.Thread thread, ReplyForAgent reply) {
        ReplyOptions options = thread.letter().replyOptions();
        String beforeDeadline = options.deadline() != null && options.acceptsReplyAt(reply.sentAt())
                ? "Réponse envoyée avant la date limite (" + ParisTime.deadline(options.deadline()) + ")" : null;
        return new ReplyView(reply.sentAt(), ParisTime.timestamp(reply.sentAt()), reply.sealed(), reply.sealedNotice(),
                reply.body(), reply.files().stream().map(f -> FileView.of(f, "/deliveries/" + thread.delivery().id()
                + "/reply-files/" + f.id())).toList(), beforeDeadline);
    }

    private static EventView event(DeliveryEvent e, String recipientEmail) {
        return new EventView(e.id(), e.type().name(), e.type().letter(), e.label(),
                EventWording.threadTitle(e, recipientEmail), e.at(), ParisTime.timestamp(e.at()), e.attempt(),
                e.actorLabel(), e.details(), e.files());
    }

    private static List<String> actions(DeliveryStatus status) {
        return status == DeliveryStatus.NOT_DELIVERED ? List.of("view", "resend") : List.of("view");
    }

    private static RecipientView recipient(Recipient r) {
        return new RecipientView(r.email(), r.name(), r.company());
    }

    private static void put(Map<String, Time> events, String letter, Instant at) {
        if (at != null) {
            events.put(letter, new Time(at, ParisTime.timestamp(at)));
        }
    }
}
