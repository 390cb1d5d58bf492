package dev.podwire.trace;

/**
 * Where a trace reports the processes it starts and ends (the lab record), so that {@code podwire down} can end any
 * it left behind when the daemon died mid-trace.
 */
public interface ProcessLedger {
    /** A ledger that records nothing (tests in throw-away namespaces). */
    ProcessLedger NONE = new ProcessLedger() {
        @Override
        public void started(ProcessHandle process) {
        }

        @Override
        public void ended(ProcessHandle process) {
        }
    };

    /** Records a started process. */
    void started(ProcessHandle process);

    /** Forgets an ended process. */
    void ended(ProcessHandle process);
}
