package fr.messagerie.bench.crac;

/** A set of hooks, as org.crac expects of a CRaC implementation. */
public abstract class Context<R extends Resource> implements Resource {
    protected Context() {
    }

    public abstract void register(R resource);
}
