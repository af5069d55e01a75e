package fr.messagerie.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DispatchBackoffTest {

    @Test
    void each_receive_of_a_declined_dispatch_waits_longer_up_to_six_hours() {
        DispatchBackoff backoff = new DispatchBackoff(Duration.ofMinutes(1));

        assertEquals(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                        Duration.ofHours(6), Duration.ofHours(6), Duration.ofHours(6)),
                IntStream.rangeClosed(1, 7).mapToObj(backoff::waitAfter).toList());
        assertEquals(Duration.ofMinutes(1 + 5 + 30 + 120 + 360), backoff.totalWait(5));
    }

    @Test
    void no_wait_is_longer_than_sqs_keeps_a_message_invisible() {
        assertEquals(Duration.ofHours(11), new DispatchBackoff(Duration.ofHours(1)).waitAfter(5));
        assertEquals(Duration.ofSeconds(4), new DispatchBackoff(Duration.ofSeconds(4)).waitAfter(0));
    }

    @Test
    void the_first_wait_is_positive() {
        assertThrows(IllegalArgumentException.class, () -> new DispatchBackoff(Duration.ZERO));
    }
}
