package fr.messagerie.aws;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqsBatchTest {

    @Test
    void failures_are_reported_in_the_batch_order_whatever_the_order_of_completion() {
        SQSEvent event = batch(10);
        SQSBatchResponse response = SqsBatch.process(event, 10, message -> {
            int index = Integer.parseInt(message.getBody());
            sleep((10 - index) * 5L);
            if (index == 7) {
                throw new IllegalStateException("boom");
            }
            return index % 3 != 0;
        });
        assertEquals(List.of("m0", "m3", "m6", "m7", "m9"), failed(response));
    }

    @Test
    void the_messages_of_a_batch_are_in_progress_together_up_to_the_parallelism() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch four = new CountDownLatch(4);
        SQSBatchResponse response = SqsBatch.process(batch(10), 4, message -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            four.countDown();
            try {
                // The first four only finish once four are in progress at once.
                assertTrue(four.await(5, TimeUnit.SECONDS));
                sleep(5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
            return true;
        });
        assertEquals(List.of(), failed(response));
        assertEquals(4, most.get(), "never more than the parallelism");
    }

    @Test
    void one_at_a_time_runs_on_the_calling_thread_in_order() {
        List<String> seen = new ArrayList<>();
        Thread caller = Thread.currentThread();
        SQSBatchResponse response = SqsBatch.process(batch(5), message -> {
            assertEquals(caller, Thread.currentThread());
            seen.add(message.getMessageId());
            return !message.getMessageId().equals("m2");
        });
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), seen);
        assertEquals(List.of("m2"), failed(response));
    }

    @Test
    void what_the_first_message_teaches_reaches_the_others_before_they_start() {
        AtomicBoolean declined = new AtomicBoolean();
        Set<String> asked = ConcurrentHashMap.newKeySet();
        SQSBatchResponse response = SqsBatch.processFirstAlone(batch(10), 10, message -> {
            if (declined.get()) {
                return false;
            }
            asked.add(message.getMessageId());
            declined.set(true);
            return false;
        });
        assertEquals(Set.of("m0"), asked);
        assertEquals(10, failed(response).size());
    }

    @Test
    void after_the_first_the_others_go_together() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        SQSBatchResponse response = SqsBatch.processFirstAlone(batch(6), 10, message -> {
            order.add(message.getMessageId());
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(message.getMessageId().equals("m0") ? 30 : 100);
            running.decrementAndGet();
            return true;
        });
        assertEquals(List.of(), failed(response));
        assertEquals("m0", order.get(0));
        assertTrue(most.get() > 1, "the others overlapped: " + most);
    }

    @Test
    void an_error_fails_the_invocation_once_the_others_are_done() {
        AtomicInteger finished = new AtomicInteger();
        assertThrows(OutOfMemoryError.class, () -> SqsBatch.process(batch(5), 5, message -> {
            if (message.getMessageId().equals("m0")) {
                throw new OutOfMemoryError("simulated");
            }
            sleep(20);
            finished.incrementAndGet();
            return true;
        }));
        assertEquals(4, finished.get());
    }

    @Test
    void an_empty_batch_has_no_failures() {
        assertEquals(List.of(), failed(SqsBatch.process(new SQSEvent(), 10, message -> false)));
        SQSEvent empty = new SQSEvent();
        empty.setRecords(List.of());
        assertEquals(List.of(), failed(SqsBatch.processFirstAlone(empty, 10, message -> false)));
    }

    private static SQSEvent batch(int size) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("m" + i);
            message.setBody(String.valueOf(i));
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
