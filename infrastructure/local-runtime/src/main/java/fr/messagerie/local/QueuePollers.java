package fr.messagerie.local;

import fr.messagerie.sam.SqsFunctionPump;
import fr.messagerie.sam.SqsSource;

import java.time.Duration;
import java.util.List;

/**
 * Lambda's SQS event source mappings, always on: one poller per SQS-triggered function of the template. Partial
 * batch responses, visibility timeouts and the redrive to the dead-letter queue are the pump's and ElasticMQ's.
 */
final class QueuePollers implements AutoCloseable {

    private static final Duration IDLE_WAIT = Duration.ofMillis(200);

    private final List<BackgroundLoop> loops;

    QueuePollers(SqsFunctionPump pump) {
        this.loops = pump.sources().stream()
                .map(SqsSource::functionId)
                .map(functionId -> new BackgroundLoop("sqs-poller-" + functionId, IDLE_WAIT,
                        () -> !pump.pumpOnce(functionId).isEmpty()))
                .toList();
    }

    int count() {
        return loops.size();
    }

    @Override
    public void close() throws InterruptedException {
        for (BackgroundLoop loop : loops) {
            loop.close();
        }
    }
}
