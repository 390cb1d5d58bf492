package dev.podwire.datastore;

/**
 * The store could not be reached or did not answer in time (etcd stopped, network cut). The call had no effect that
 * the caller can rely on — a write may or may not have been applied — so callers retry on their next pass (the node
 * agent's loop does) and, for writes that must not be doubled, use {@link Datastore#compareAndPut}.
 */
public class DatastoreUnavailableException extends RuntimeException {

    /** {@return an exception with a message saying what failed, where, and how to fix it} */
    public DatastoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An exception without an underlying cause. */
    public DatastoreUnavailableException(String message) {
        super(message);
    }
}
