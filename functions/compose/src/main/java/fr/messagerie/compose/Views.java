package fr.messagerie.compose;

import fr.messagerie.common.ParisTime;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.consultations.Contact;
import fr.messagerie.consultations.Register;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DeliveryView;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.http.FileView;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterDetails;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import fr.messagerie.recipient.ReplyForAgent;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The JSON shapes of the compose API. Codes for programs, labels (French) for people. */
final class Views {
    private Views() {
    }

    record LetterTypeView(String code, String label, String sendMode, String sendModeLabel,
                          ReplyOptionsView replyOptions, String subject, String body) {
    }

    record Code(String code, String label) {
    }

    record Catalogue(List<LetterTypeView> letterTypes, List<Code> sendModes, List<Code> registers) {
    }

    record ReplyOptionsView(boolean allowed, Instant deadline, String deadlineLabel, boolean sealed) {
    }

    record RecipientView(String email, String name, String company, String source, String sourceLabel) {
    }

    record AuthorView(String id, String name) {
    }

    record DeliveryItem(String id, RecipientView recipient, String status, String statusLabel,
                        String nonDeliveryReason, ReplyView reply) {
    }

    /** While sealed: only sentAt and sealedNotice; body and files once the deadline has passed. */
    record ReplyView(Instant sentAt, String sentAtLabel, boolean sealed, String sealedNotice, String body,
                     List<FileView> files) {
    }

    record LetterView(String id, String consultationId, String letterType, String letterTypeLabel, String sendMode,
                      String sendModeLabel, ReplyOptionsView replyOptions, String subject, String body,
                      List<RecipientView> recipients, List<FileView> attachments, String attachmentsSizeLabel,
                      String attachmentsLimitLabel, String state, String statusLabel, AuthorView author,
                      Instant createdAt, Instant updatedAt, Instant sentAt, long version,
                      Map<String, Long> statusCounts, List<DeliveryItem> deliveries) {
    }

    record ConsultationView(String id, String organismId, String reference, String title, String object,
                            Instant bidDeadline, String bidDeadlineLabel, String organismName,
                            String purchasingEntity, String directLink) {
    }

    record ConsultationList(List<ConsultationView> consultations) {
    }

    record RegisterView(String code, String label, List<Contact> contacts) {
    }

    record Registers(List<RegisterView> registers) {
    }

    static Catalogue catalogue() {
        List<LetterTypeView> types = Arrays.stream(LetterType.values()).map(t -> new LetterTypeView(t.name(),
                t.label(), t.template().sendMode().name(), t.template().sendMode().label(),
                replyOptions(t.template().replyOptions()), t.template().subject(), t.template().body())).toList();
        return new Catalogue(types,
                Arrays.stream(SendMode.values()).map(m -> new Code(m.name(), m.label())).toList(),
                Arrays.stream(Register.values()).map(r -> new Code(r.name(), r.label())).toList());
    }

    static LetterView letter(Letter letter) {
        return letter(new LetterDetails(letter, List.of(), List.of(), Map.of()));
    }

    static LetterView letter(LetterDetails details) {
        Letter letter = details.letter();
        List<DeliveryItem> deliveries = details.deliveries().stream()
                .map(d -> delivery(d, details.replies().get(d.delivery().id()))).toList();
        Map<String, Long> counts = letter.isDraft() ? null : details.deliveries().stream()
                .collect(Collectors.groupingBy(d -> d.status().name(), TreeMap::new, Collectors.counting()));
        return new LetterView(letter.id(), letter.consultationId(), letter.type().name(), letter.type().label(),
                letter.sendMode().name(), letter.sendMode().label(), replyOptions(letter.replyOptions()),
                letter.subject(), letter.body(), letter.recipients().stream().map(Views::recipient).toList(),
                details.attachments().stream().map(FileView::of).toList(),
                AttachmentRules.size(AttachmentRules.total(details.attachments())),
                AttachmentRules.size(AttachmentRules.limit(letter.sendMode())), letter.state().name(), letter.isDraft() ? DeliveryStatus.DRAFT.label() : null,
                new AuthorView(letter.author().id(), letter.author().name()), letter.createdAt(), letter.updatedAt(),
                letter.sentAt(), letter.version(), counts, letter.isDraft() ? null : deliveries);
    }

    static ConsultationView consultation(Consultation c) {
        return new ConsultationView(c.id(), c.organismId(), c.reference(), c.title(), c.object(), c.bidDeadline(),
                c.bidDeadline() == null ? null : ParisTime.minute(c.bidDeadline()), c.organismName(),
                c.purchasingEntity(), c.directLink());
    }

    static ConsultationList consultations(List<Consultation> consultations) {
        return new ConsultationList(consultations.stream().map(Views::consultation).toList());
    }

    static Registers registers(Map<Register, List<Contact>> registers) {
        return new Registers(registers.entrySet().stream()
                .map(e -> new RegisterView(e.getKey().name(), e.getKey().label(), e.getValue())).toList());
    }

    private static DeliveryItem delivery(DeliveryView view, ReplyForAgent reply) {
        return new DeliveryItem(view.delivery().id(), recipient(view.delivery().recipient()), view.status().name(),
                view.status().label(), view.nonDeliveryReason(), reply == null ? null : reply(reply));
    }

    static ReplyView reply(ReplyForAgent reply) {
        return new ReplyView(reply.sentAt(), ParisTime.timestamp(reply.sentAt()), reply.sealed(),
                reply.sealedNotice(), reply.body(), reply.files().stream().map(FileView::of).toList());
    }


    private static RecipientView recipient(Recipient r) {
        return new RecipientView(r.email(), r.name(), r.company(), r.source().name(), r.source().label());
    }

    private static ReplyOptionsView replyOptions(ReplyOptions options) {
        return new ReplyOptionsView(options.allowed(), options.deadline(),
                options.deadline() == null ? null : ParisTime.minute(options.deadline()), options.sealed());
    }
}
