package io.cardeck.evaluator.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This running instance: its host (where its generated suites lie) and an id, new at every start,
 * that marks the evaluations it holds. A restarted instance is a new owner, so what its previous
 * life held is taken over like any dead instance's.
 */
@ApplicationScoped
public class EvaluatorInstance {

    private final String host;
    private final String id;

    EvaluatorInstance() {
        this.host = hostName();
        this.id = host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
    }

    public String host() {
        return host;
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
