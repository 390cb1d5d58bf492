package dev.podwire.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class NetnsThreadsTest {

    @Test
    void hostRunsBodyOnCallingThread() {
        Thread caller = Thread.currentThread();
        assertSame(caller, NetnsThreads.call(Netns.HOST, Thread::currentThread));
    }

    @Test
    void missingNamespaceFailsWithNameAndErrnoText() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> NetnsThreads.call(Netns.of("pwtest-wl-missing"), () -> "never"));
        assertEquals("enter netns pwtest-wl-missing: open /run/netns/pwtest-wl-missing: "
                + "No such file or directory (errno 2)", e.getMessage());
    }

    @Test
    void rethrowsBodysCheckedExceptionUnchanged() {
        IOException thrown = new IOException("boom");
        IOException e = assertThrows(IOException.class, () -> NetnsThreads.call(Netns.HOST, () -> {
            throw thrown;
        }));
        assertSame(thrown, e);
    }

    @Test
    void strerrorGivesLibcText() {
        assertEquals("Operation not permitted", Libc.strerror(1));
        assertTrue(Libc.strerror(2).contains("No such file"));
    }
}
