package fr.messagerie.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The lazy parts of one handler's wiring (SDK clients, adapters, use cases), each built on the first request that
 * needs it, and all of them at once on demand: the SnapStart priming builds them before the snapshot, so that a
 * restored function finds them built as if they had been wired at init.
 */
public final class Wiring {
    private final List<Lazy<?>> parts = new CopyOnWriteArrayList<>();

    /** A part built on its first use. */
    public <T> Lazy<T> lazy(Supplier<? extends T> factory) {
        Lazy<T> part = Lazy.of(factory);
        parts.add(part);
        return part;
    }

    /** Builds every part not built yet, those that building one adds included. */
    public void buildAll() {
        for (int i = 0; i < parts.size(); i++) {
            parts.get(i).get();
        }
    }
}
