package fr.messagerie.delivery;

import fr.messagerie.common.Agent;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.FileStore;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterEmails;
import fr.messagerie.letters.LetterState;
import fr.messagerie.letters.LetterStore;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;
import fr.messagerie.letters.SendMode;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sending one delivery's email, over in-memory ports: once, whatever the copies, crashes and refusals. */
class DispatchDeliveryTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private final InMemoryDeliveryStore deliveries = new InMemoryDeliveryStore();
    private final Map<String, Letter> letters = new HashMap<>();
    private final AtomicInteger letterReads = new AtomicInteger();
    private final AtomicInteger renderings = new AtomicInteger();
    private final List<Mailer.OutgoingEmail> sent = new ArrayList<>();
    private final List<String> locked = new ArrayList<>();
    private RuntimeException mailFailure;

    private final LetterStore letterStore = only(LetterStore.class, Map.of("find", args -> {
        letterReads.incrementAndGet();
        return Optional.ofNullable(letters.get((String) args[0]));
    }));
    private final AttachmentStore attachments = only(AttachmentStore.class, Map.of("list", args -> List.of(
            new AttachmentStore.StoredAttachment(new Attachment("f1", "cahier.pdf", "application/pdf", 3, "sha",
                    "letters/" + ((AttachmentStore.Owner) args[0]).id() + "/cahier.pdf"), true, null, T0))));
    private final FileStore files = only(FileStore.class, Map.of(
            "read", args -> new byte[] {1, 2, 3},
            "keepAsEvidence", args -> locked.add((String) args[0])));
    private final LetterEmails emails = (letter, consultation, link) -> {
        renderings.incrementAndGet();
        return new LetterEmails.RenderedEmail(letter.subject(), "<p>" + link + "</p>", String.valueOf(link));
    };
    private final Mailer mailer = email -> {
        if (mailFailure != null) {
            throw mailFailure;
        }
        sent.add(email);
        return "ses-" + sent.size();
    };
    private final DispatchDelivery dispatch = new DispatchDelivery(letterStore, deliveries, deliveries, attachments, files,
            emails, mailer, "https://messagerie.example.fr/", Clock.fixed(T0, ZoneOffset.UTC));

    @Test
    void a_dispatch_received_twice_sends_one_email_and_records_it_sent() {
        String delivery = delivery(letter("l1", SendMode.ACCESS_LINK));
        assertEquals(DispatchDelivery.Outcome.SENT, dispatch.dispatch(new DispatchQueue.Dispatch(delivery, 1)));
        assertEquals(DispatchDelivery.Outcome.ALREADY_SENT, dispatch.dispatch(new DispatchQueue.Dispatch(delivery, 1)));
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).html().contains("https://messagerie.example.fr/r/"), "one trailing slash trimmed");
        assertEquals(Map.of("deliveryId", delivery, "attempt", "1"), sent.get(0).tags());
        assertEquals(List.of(), sent.get(0).attachments(), "with the access link the files stay on the page");
        DeliveryEvent event = deliveries.events(delivery).get(0);
        assertEquals(EventType.SENT, event.type());
        assertEquals("ses-1", event.detail(DeliveryEvent.MESSAGE_ID));
        assertEquals(List.of("letters/l1/cahier.pdf"), locked, "the files locked as evidence before sending");
    }

    @Test
    void a_throttled_send_gives_its_claim_back_so_that_the_next_try_sends() {
        String delivery = delivery(letter("l1", SendMode.SIMPLE));
        mailFailure = new Mailer.MailThrottledException("TooManyRequestsException", "Maximum sending rate exceeded");
        assertEquals(DispatchDelivery.Outcome.THROTTLED, dispatch.dispatch(new DispatchQueue.Dispatch(delivery, 1)));
        assertEquals(List.of(), deliveries.events(delivery));
        mailFailure = null;
        assertEquals(DispatchDelivery.Outcome.SENT, dispatch.dispatch(new DispatchQueue.Dispatch(delivery, 1)));
        assertEquals(1, sent.get(0).attachments().size(), "a simple email carries the letter's files");
    }

    @Test
    void a_refusal_of_the_mail_service_makes_the_letter_undelivered_with_its_reason() {
        String delivery = delivery(letter("l1", SendMode.ACCESS_LINK));
        mailFailure = new Mailer.MailRejectedException("MessageRejected", "Email address is not verified.");
        assertEquals(DispatchDelivery.Outcome.REJECTED, dispatch.dispatch(new DispatchQueue.Dispatch(delivery, 1)));
        assertEquals(DeliveryStatus.NOT_DELIVERED, deliveries.projection(delivery).status());
        assertEquals("Envoi refusé par le service d'envoi : Email address is not verified.",
                deliveries.projection(delivery).reason());
        assertEquals(DispatchDelivery.Outcome.ALREADY_SENT, dispatch.dispatch(new DispatchQueue.Dispatch(delivery, 1)));
    }

    @Test
    void a_claim_held_by_another_sender_is_retried_later() {
        String delivery = delivery(letter("l1", SendMode.ACCESS_LINK));
        deliveries.claim(delivery, 1, T0, DispatchDelivery.CLAIM_LEASE, null);
        assertEquals(DispatchDelivery.Outcome.RETRY_LATER, dispatch.dispatch(new DispatchQueue.Dispatch(delivery, 1)));
        assertEquals(0, sent.size());
    }

    @Test
    void a_simple_letter_is_rendered_once_for_its_recipients_and_only_the_last_letters_are_kept() {
        Letter simple = letter("l0", SendMode.SIMPLE);
        for (int i = 0; i < 3; i++) {
            dispatch.dispatch(new DispatchQueue.Dispatch(delivery(simple), 1));
        }
        assertEquals(1, renderings.get(), "rendered once for three recipients");
        assertEquals(1, letterReads.get());
        for (int i = 1; i <= DispatchDelivery.KEPT_LETTERS; i++) {
            dispatch.dispatch(new DispatchQueue.Dispatch(delivery(letter("l" + i, SendMode.SIMPLE)), 1));
        }
        dispatch.dispatch(new DispatchQueue.Dispatch(delivery(simple), 1));
        assertEquals(DispatchDelivery.KEPT_LETTERS + 2, letterReads.get(), "the first letter was let go, read again");
        assertEquals(DispatchDelivery.KEPT_LETTERS + 4, sent.size());
    }

    private Letter letter(String id, SendMode mode) {
        Agent author = new Agent("agent-1", "Alice MARTIN", "alice@example.fr", "o1", "DSI");
        Letter letter = new Letter(id, "c1", "o1", LetterType.COURRIER_LIBRE, mode, ReplyOptions.NONE, "Objet",
                "<p>Bonjour</p>", List.of(), author, LetterState.SENT, T0, T0, T0, 1);
        letters.put(id, letter);
        return letter;
    }

    private String delivery(Letter letter) {
        String id = letter.id() + "-d" + deliveries.ofLetter(letter.id()).size();
        deliveries.createIfAbsent(new Delivery(id, letter.id(), "c1", "o1", Recipient.typed(id + "@example.com"), T0,
                null), letter);
        return id;
    }

    /** A port of which the test needs a few methods; any other call fails the test. */
    @SuppressWarnings("unchecked")
    private static <T> T only(Class<T> port, Map<String, Function<Object[], Object>> methods) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            var body = methods.get(method.getName());
            if (body == null) {
                throw new AssertionError("unexpected call " + method.getName());
            }
            return body.apply(args);
        });
    }
}
