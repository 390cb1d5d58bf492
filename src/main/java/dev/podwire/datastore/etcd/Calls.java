package dev.podwire.datastore.etcd;

import dev.podwire.datastore.DatastoreUnavailableException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for jetcd's futures with a bound and turns every failure into a {@link DatastoreUnavailableException}. */
final class Calls {
    private final EtcdEndpoints endpoints;
    private final Duration timeout;
    private final Runnable onUnavailable;

    /** {@code onUnavailable} runs after a call failed because no connection was up (the connection may renew). */
    Calls(EtcdEndpoints endpoints, Duration timeout, Runnable onUnavailable) {
        this.endpoints = endpoints;
        this.timeout = timeout;
        this.onUnavailable = onUnavailable;
    }

    /** Lets the connection check whether it should renew itself; call after a failure seen outside {@link #await}. */
    void unavailable() {
        onUnavailable.run();
    }

    Duration timeout() {
        return timeout;
    }

    /** {@return the future's value} @throws DatastoreUnavailableException after the timeout or on any failure */
    <T> T await(CompletableFuture<T> future, String what) {
        return await(future, what, timeout);
    }

    /** {@return the future's value}, waiting at most {@code bound} */
    <T> T await(CompletableFuture<T> future, String what, Duration bound) {
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Cancelling only drops our interest: it does not cancel the gRPC call underneath. What keeps a call we
            // gave up on from landing later is the connection's waitForReady(false) (no parking until etcd is back)
            // and retryMaxDuration below our bound (jetcd's retries end first). A call whose reply was lost may still
            // have been applied, like any timed-out request to a remote store.
            future.cancel(true);
            // A channel built while etcd was paused (SIGSTOP: its port still accepts) can stay wedged after etcd
            // resumes, timing out every call without ever saying UNAVAILABLE; a timeout is reason enough to check.
            onUnavailable.run();
            throw new DatastoreUnavailableException("etcd at " + endpoints + " did not answer " + what + " within "
                    + bound.toMillis() + " ms; is etcd running and reachable?", e);
        } catch (ExecutionException e) {
            if (isUnavailable(e.getCause())) {
                onUnavailable.run();
            }
            throw new DatastoreUnavailableException("etcd at " + endpoints + " failed " + what + ": "
                    + describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DatastoreUnavailableException("interrupted while waiting for etcd at " + endpoints + " (" + what + ")", e);
        }
    }

    /** {@return whether {@code error} says no connection was up (gRPC UNAVAILABLE), not that etcd refused the call} */
    static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof io.etcd.jetcd.common.exception.EtcdException e
                    && e.getErrorCode() == io.etcd.jetcd.common.exception.ErrorCode.UNAVAILABLE) {
                return true;
            }
        }
        return io.grpc.Status.fromThrowable(error).getCode() == io.grpc.Status.Code.UNAVAILABLE;
    }

    /** {@return a short lower-case reason for {@code error}}, e.g. "connection refused" */
    static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && t.getMessage() != null
                    && t.getMessage().toLowerCase().contains("refused")) {
                return "connection refused";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
