package dev.podwire.daemon;

import dev.podwire.rpc.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** The lines {@code up} prints, kept so that a client connecting at any time sees them all, then the outcome. */
final class ProgressLog {
    private final List<String> lines = new ArrayList<>();
    private OptionalInt outcome = OptionalInt.empty();

    synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    synchronized void finish(int exitCode) {
        outcome = OptionalInt.of(exitCode);
        notifyAll();
    }

    synchronized boolean finished() {
        return outcome.isPresent();
    }

    /** Waits until {@code up} has finished, one way or the other. */
    synchronized void awaitFinished() throws InterruptedException {
        while (outcome.isEmpty()) {
            wait();
        }
    }

    /** Streams every line, past and future, to {@code reply}; {@return the outcome's exit code} */
    int follow(Reply reply) throws InterruptedException {
        int sent = 0;
        while (true) {
            List<String> batch;
            OptionalInt done;
            synchronized (this) {
                while (sent == lines.size() && outcome.isEmpty()) {
                    wait();
                }
                batch = List.copyOf(lines.subList(sent, lines.size()));
                done = outcome;
            }
            for (String l : batch) {
                if (l.startsWith("error: ")) {
                    reply.err(l);
                } else {
                    reply.out(l);
                }
            }
            sent += batch.size();
            if (done.isPresent() && sent == sizeNow()) {
                return done.getAsInt();
            }
        }
    }

    private synchronized int sizeNow() {
        return lines.size();
    }
}
