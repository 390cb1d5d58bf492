package dev.podwire.workload;

/** One bound socket of a workload with the thread that serves it. */
sealed interface Listener extends AutoCloseable permits TcpListener, UdpListener {

    /** {@return the port as bound (the real number, even when the spec asked for an ephemeral one)} */
    PortSpec bound();

    /** Starts the serving thread; the socket is already bound. */
    void start();

    /** Closes the socket and every connection, and waits briefly for the serving thread to end. */
    @Override
    void close();
}
