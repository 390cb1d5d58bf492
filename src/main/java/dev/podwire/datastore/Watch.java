package dev.podwire.datastore;

/** A registered watch; closing it stops further deliveries (an event already being delivered may still finish). */
public interface Watch extends AutoCloseable {

    /** Stops the watch. Idempotent. */
    @Override
    void close();
}
