package fr.messagerie.recipient;

import fr.messagerie.ExchangeFixture;
import fr.messagerie.delivery.AccessLinks;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryLog;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.EventType;
import fr.messagerie.letters.ReplyOptions;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static fr.messagerie.recipient.RecipientTests.deliveredWithFile;
import static fr.messagerie.recipient.RecipientTests.reads;
import static fr.messagerie.recipient.RecipientTests.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** "Accéder au contenu du courrier" ({@link OpenLetter}): the read receipt, once, from the head alone. */
class OpenLetterTest {
    private final ExchangeFixture f = new ExchangeFixture();
    private final Exchanges exchanges = f.exchanges;
    private final OpenLetter openLetter = f.openLetter;

    @Test
    void opening_records_one_read_receipt_however_often_it_is_asked() {
        String id = deliveredWithFile(f, ReplyOptions.NONE);
        f.clock.advance(Duration.ofMinutes(2));
        Instant openedAt = f.clock.instant();

        openLetter.open(exchanges.reach(f.token(id), null).orElseThrow());
        f.clock.advance(Duration.ofMinutes(2));
        Reached stale = exchanges.reach(f.token(id), null).orElseThrow();
        openLetter.open(stale);
        openLetter.open(stale);
        f.opened(id);

        assertEquals(1, reads(f, id));
        DeliveryEvent receipt = f.deliveries.events(id).stream().filter(e -> e.type() == EventType.READ)
                .findFirst().orElseThrow();
        assertEquals("contact@acme.fr", receipt.actor(), "by the recipient");
        assertEquals("contact@acme.fr", receipt.actorLabel());
        assertEquals(openedAt, receipt.at());
        assertEquals(Optional.of(openedAt), exchanges.find(f.token(id), null).orElseThrow().readAt());
        assertEquals(DeliveryStatus.READ, f.showThread.show(f.alice, id).status());
        assertEquals("Lu par le destinataire", f.showThread.show(f.alice, id).status().label());
        assertEquals(openedAt, row(f, id).readL());
    }

    @Test
    void opened_twice_from_pages_loaded_before_either_opening_still_one_receipt() {
        String id = deliveredWithFile(f, ReplyOptions.NONE);
        Reached firstTab = exchanges.reach(f.token(id), null).orElseThrow();
        Reached secondTab = exchanges.reach(f.token(id), null).orElseThrow();

        openLetter.open(firstTab);
        f.clock.advance(Duration.ofSeconds(5));
        openLetter.open(secondTab);

        assertEquals(1, reads(f, id));
    }

    @Test
    void opened_concurrently_from_many_tabs_still_one_receipt() throws Exception {
        String id = deliveredWithFile(f, ReplyOptions.NONE);
        int tabs = 8;
        List<Reached> loaded = new ArrayList<>();
        for (int i = 0; i < tabs; i++) {
            loaded.add(exchanges.reach(f.token(id), null).orElseThrow());
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tabs);
        try {
            List<Future<?>> opens = new ArrayList<>();
            for (Reached tab : loaded) {
                opens.add(pool.submit(() -> {
                    start.await();
                    openLetter.open(tab);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> open : opens) {
                open.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, reads(f, id));
        assertEquals(DeliveryStatus.READ, f.showThread.show(f.alice, id).status());
    }

    @Test
    void a_replayed_open_after_a_reply_records_nothing_more() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        Reached beforeReply = exchanges.reach(f.token(id), null).orElseThrow();
        f.sendReply.send(f.exchange(id), "Réponse directe");
        List<DeliveryEvent> replied = f.deliveries.events(id);

        openLetter.open(beforeReply);
        openLetter.open(exchanges.reach(f.token(id), null).orElseThrow());

        assertEquals(replied, f.deliveries.events(id));
        assertEquals(1, reads(f, id));
        assertEquals(DeliveryStatus.REPLY_UNREAD, f.showThread.show(f.alice, id).status());
    }

    @Test
    void the_open_path_reads_the_log_head_only_then_writes_once() {
        String id = deliveredWithFile(f, ReplyOptions.ALLOWED);
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        Object recorded = recording(f.deliveries, calls);
        // No reply, letter or file store: the action has nothing to load the letter with.
        Exchanges reach = new Exchanges((DeliveryLog) recorded, (AccessLinks) recorded, null, null, null, f.clock);
        OpenLetter open = new OpenLetter((DeliveryLog) recorded, f.clock);

        open.open(reach.reach(f.token(id), null).orElseThrow());

        assertEquals(List.of("head", "append"), calls, "the head holds the link: no read of the token alone");
        assertEquals(1, reads(f, id));
        calls.clear();
        open.open(reach.reach(f.token(id), null).orElseThrow());
        assertEquals(List.of("head"), calls, "once read, nothing is written");
    }

    /** The deliveries as {@code store} has them, each call named in {@code calls}. */
    /** The log and the tokens of {@code store}, each call named in {@code calls}. */
    private static Object recording(Object store, List<String> calls) {
        return Proxy.newProxyInstance(DeliveryLog.class.getClassLoader(),
                new Class<?>[] {DeliveryLog.class, AccessLinks.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
