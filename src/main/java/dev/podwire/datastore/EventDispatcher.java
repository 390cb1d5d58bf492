package dev.podwire.datastore;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Delivers watch events in the order they were enqueued, on the calling thread, never while the store's lock is
 * held, and never re-entrantly: a listener that writes to the store only enqueues; the thread already draining
 * delivers the new event after the listener returns. This is the "serializing executor" pattern.
 */
final class EventDispatcher {
    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

    /** A registered watch. */
    final class Watcher implements Watch {
        final String prefix;
        private final Consumer<WatchEvent> listener;
        private volatile boolean closed;

        Watcher(String prefix, Consumer<WatchEvent> listener) {
            this.prefix = prefix;
            this.listener = listener;
        }

        boolean matches(WatchEvent event) {
            return switch (event) {
                case WatchEvent.Put put -> put.kv().key().startsWith(prefix);
                case WatchEvent.Delete delete -> delete.key().startsWith(prefix);
                case WatchEvent.Compacted _ -> true;
            };
        }

        @Override
        public void close() {
            closed = true;
            watchers.remove(this);
        }
    }

    private record Delivery(List<Watcher> targets, WatchEvent event) {}

    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final Queue<Delivery> queue = new ArrayDeque<>();
    private boolean draining;

    /** Registers a watcher; call with the store lock held so that no live event slips between replay and live. */
    Watcher register(String prefix, Consumer<WatchEvent> listener, List<WatchEvent> replay) {
        Watcher watcher = new Watcher(prefix, listener);
        List<Watcher> only = List.of(watcher);
        synchronized (queue) {
            for (WatchEvent event : replay) {
                queue.add(new Delivery(only, event));
            }
        }
        watchers.add(watcher);
        return watcher;
    }

    /** Enqueues a live event for every current watcher; call with the store lock held. */
    void enqueue(WatchEvent event) {
        List<Watcher> targets = List.copyOf(watchers);
        if (targets.isEmpty()) {
            return;
        }
        synchronized (queue) {
            queue.add(new Delivery(targets, event));
        }
    }

    /** Delivers everything queued unless another frame or thread is already doing so; call without the store lock. */
    void drain() {
        synchronized (queue) {
            if (draining) {
                return;
            }
            draining = true;
        }
        while (true) {
            Delivery next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            deliver(next);
        }
    }

    private static void deliver(Delivery delivery) {
        for (Watcher watcher : delivery.targets()) {
            if (watcher.closed || !watcher.matches(delivery.event())) {
                continue;
            }
            try {
                watcher.listener.accept(delivery.event());
            } catch (RuntimeException e) {
                // One faulty listener must not starve the others or wedge the draining flag.
                LOG.log(Level.WARNING, "watch listener failed prefix=" + watcher.prefix
                        + " revision=" + delivery.event().revision(), e);
            }
        }
    }
}
