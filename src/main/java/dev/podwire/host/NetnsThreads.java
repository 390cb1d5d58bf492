package dev.podwire.host;

import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code inside a network namespace. Each call gets a fresh platform thread that enters the namespace with
 * {@code setns(2)}, runs the body and ends, so no other code ever runs on a thread in the wrong namespace.
 *
 * <p>Sockets opened by the body belong to that namespace for their whole life: binding, accepting and I/O on them
 * later work from any thread (the kernel fixes a socket's namespace when it is created). A thread started by the
 * body inherits the namespace, so the body must not start threads or be the first user of a lazily started pool
 * (e.g. the first virtual thread, whose carrier threads would all live in that namespace). Needs native access
 * ({@code --enable-native-access=ALL-UNNAMED}) and {@code CAP_SYS_ADMIN}.
 */
public final class NetnsThreads {

    /**
     * Code run inside a namespace; like {@link java.util.concurrent.Callable} but with a precise exception type, so a
     * body that throws only {@link IOException} makes {@link #call} throw only that.
     *
     * @param <T> the result type
     * @param <E> the checked exception the body may throw ({@link RuntimeException} when none)
     */
    @FunctionalInterface
    public interface Body<T, E extends Exception> {
        /** {@return the body's result} @throws E when the body fails */
        T call() throws E;
    }

    private NetnsThreads() {
    }

    /**
     * {@return what {@code body} returned when run inside {@code ns}}; for {@link Netns#HOST} the body runs on the
     * calling thread without {@code setns}. Whatever the body throws is rethrown here unchanged.
     *
     * @throws UncheckedIOException when the namespace cannot be entered; the message names it and carries the errno
     *     text, e.g. {@code enter netns pod-a: open /run/netns/pod-a: No such file or directory (errno 2)}
     * @throws E what the body threw
     */
    public static <T, E extends Exception> T call(Netns ns, Body<T, E> body) throws E {
        Objects.requireNonNull(ns, "ns");
        Objects.requireNonNull(body, "body");
        if (ns.isHost()) {
            return body.call();
        }
        AtomicReference<T> value = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = Thread.ofPlatform().name("netns-" + ns.name()).daemon(true).unstarted(() -> {
            try {
                Libc.enterNetns(ns.path());
            } catch (IOException e) {
                failure.set(new UncheckedIOException("enter netns " + ns.name() + ": " + e.getMessage(), e));
                return;
            }
            try {
                value.set(body.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        joinUninterruptibly(worker);
        Throwable t = failure.get();
        if (t == null) {
            return value.get();
        }
        return rethrow(t);
    }

    // The worker must finish before we return: the caller's interrupt is passed on to the body and restored here.
    private static void joinUninterruptibly(Thread worker) {
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                worker.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // The body's checked exception type is E by construction, so the unchecked cast only re-labels it.
    @SuppressWarnings("unchecked")
    private static <T, E extends Exception> T rethrow(Throwable t) throws E {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw (E) t;
    }
}
