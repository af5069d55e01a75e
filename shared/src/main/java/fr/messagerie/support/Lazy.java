package fr.messagerie.support;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on its first {@link #get()}, once, then returned as is: the SDK clients, adapters and use cases a
 * handler wires only when the first request that needs them arrives (a cold start loads and builds nothing that its
 * first request does not use). Thread-safe: concurrent first calls build the value once.
 */
public final class Lazy<T> implements Supplier<T> {
    private Supplier<? extends T> factory;
    private volatile T value;

    private Lazy(Supplier<? extends T> factory) {
        this.factory = factory;
    }

    /** @param factory called at most once, on the first {@link #get()}; must not return null */
    public static <T> Lazy<T> of(Supplier<? extends T> factory) {
        return new Lazy<>(Objects.requireNonNull(factory));
    }

    /** An already built value (the use cases given to a handler's constructor). */
    public static <T> Lazy<T> ready(T value) {
        Lazy<T> lazy = new Lazy<>(null);
        lazy.value = Objects.requireNonNull(value);
        return lazy;
    }

    @Override
    public T get() {
        T built = value;
        if (built == null) {
            synchronized (this) {
                built = value;
                if (built == null) {
                    built = Objects.requireNonNull(factory.get(), "A lazy value was built as null");
                    value = built;
                    factory = null;
                }
            }
        }
        return built;
    }

    /** Whether the value is built (and {@link #get()} returns without building anything). */
    public boolean isBuilt() {
        return value != null;
    }
}
