package fr.messagerie.bench.crac;

/** The hook interface that org.crac's {@code Resource} is proxied to (see {@link Core}). */
public interface Resource {
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
