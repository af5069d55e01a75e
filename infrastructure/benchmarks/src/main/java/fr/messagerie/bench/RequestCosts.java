package fr.messagerie.bench;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * What each kind of request costs on the local DynamoDB, on as many threads as the functions have calls in flight:
 * the floor under the ingestion and fan-out ratios. The server runs requests one after another, so a path's
 * throughput is bounded by the sum of its requests' costs, whatever the code around them.
 */
final class RequestCosts {
    private final RawCalls raw;
    private final int threads;
    private final int count;

    RequestCosts(RawCalls raw, int threads, int count) {
        this.raw = raw;
        this.threads = threads;
        this.count = count;
    }

    /** One kind of request (or sequence of {@code calls} requests), on item {@code i}. */
    private record Kind(String label, int calls, IntConsumer request) {
    }

    void run(Report.Section section) {
        List<String> items = raw.deliveries(count);
        List<Kind> kinds = List.of(
                new Kind("conditional PutItem (new item)", 1, i -> raw.putNew()),
                new Kind("GetItem (consistent)", 1, i -> raw.getItem(items.get(i))),
                new Kind("conditional UpdateItem", 1, i -> raw.update(items.get(i))),
                new Kind("TransactWriteItems: Put + Update", 1, i -> raw.transactTwo(items.get(i))),
                new Kind("PutItem + UpdateItem: the least an event costs with its log and its projection in two"
                        + " items, without reading first", 2, i -> {
                    raw.putNew();
                    raw.update(items.get(i));
                }));
        // The server's own JIT warmed on every kind first, so that the first kind is not measured colder.
        kinds.forEach(kind -> Parallel.forEach(count, threads, kind.request()));
        double[] rates = kinds.stream().mapToDouble(kind -> count
                / (Samples.elapsed(() -> Parallel.forEach(count, threads, kind.request())) / 1e9)).toArray();
        for (int k = 0; k < kinds.size(); k++) {
            section.row(kinds.get(k).label(), String.valueOf(kinds.get(k).calls()), Report.rate(rates[k], "times"),
                    Report.ratio(rates[0], rates[k]));
        }
    }
}
