package fr.messagerie.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    void run(Report.Section section) {
        List<String> items = raw.deliveries(count);
        Map<String, IntConsumer> requests = new LinkedHashMap<>();
        requests.put("conditional PutItem (new item)", i -> raw.putNew());
        requests.put("GetItem (consistent)", i -> raw.read(items.get(i)));
        requests.put("conditional UpdateItem", i -> raw.write(items.get(i)));
        requests.put("TransactWriteItems: Put + Update", i -> raw.transactTwo(items.get(i)));
        requests.put("PutItem + UpdateItem: the least an event costs with its log and its projection in two items,"
                + " without reading first", i -> {
                    raw.putNew();
                    raw.write(items.get(i));
                });
        // The server's own JIT warmed on every kind first, so that the first kind is not measured colder.
        requests.values().forEach(request -> Parallel.forEach(count, threads, request));
        double put = 0;
        for (Map.Entry<String, IntConsumer> request : requests.entrySet()) {
            long elapsed = Samples.elapsed(() -> Parallel.forEach(count, threads, request.getValue()));
            double rate = count / (elapsed / 1e9);
            put = put == 0 ? rate : put;
            section.row(request.getKey(), request.getKey().startsWith("PutItem +") ? "2" : "1",
                    Report.rate(rate, "times"), Report.ratio(put, rate));
        }
    }
}
