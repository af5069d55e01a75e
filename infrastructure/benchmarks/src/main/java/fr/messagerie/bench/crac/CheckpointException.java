package fr.messagerie.bench.crac;

/** A hook failed before the (pretended) snapshot. */
public class CheckpointException extends Exception {
    public CheckpointException(Throwable cause) {
        super(cause);
    }
}
