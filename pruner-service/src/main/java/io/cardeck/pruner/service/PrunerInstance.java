package io.cardeck.pruner.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This running instance's id, new at every start, which marks the leases of the jobs it runs. A
 * restarted instance is a new owner, so what its previous life held is claimed again like any
 * stopped instance's, once the lease has expired.
 */
@ApplicationScoped
public class PrunerInstance {

    private final String id;

    PrunerInstance() {
        this.id = hostName() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
    }

    public String id() {
        return id;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
