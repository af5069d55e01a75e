package fr.messagerie.bench.crac;

/** A hook failed after the (pretended) restore. */
public class RestoreException extends Exception {
    public RestoreException(Throwable cause) {
        super(cause);
    }
}
