package dev.orgexport.devstack.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The two loopback ports of a one-node KRaft cluster. Chosen once per broker and kept across
 * restarts, so clients and the static controller quorum see the same addresses after a restart.
 */
record BrokerPorts(int broker, int controller) {

    static final String HOST = "127.0.0.1";

    /**
     * Asks the OS for two free ports on 127.0.0.1. Both sockets are open at the same time, so the
     * ports differ; another process could still take one before the broker binds it (then the
     * broker fails to start with "Address already in use").
     */
    static BrokerPorts allocate() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket first = new ServerSocket(0, 1, loopback);
             ServerSocket second = new ServerSocket(0, 1, loopback)) {
            return new BrokerPorts(first.getLocalPort(), second.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("could not find two free ports on " + HOST, e);
        }
    }

    String bootstrapServers() {
        return HOST + ":" + broker;
    }
}
