package io.cardeck.devstack;

import java.io.IOException;
import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * Entry point of the broker's child JVM, started by {@link EmbeddedKafka}; never loaded in the
 * caller's JVM, so the Scala and server classes stay in the child.
 *
 * <p>Arguments: the server.properties path and the cluster id to format a fresh log directory with.
 */
final class KafkaBrokerProcess {

    private KafkaBrokerProcess() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: KafkaBrokerProcess SERVER_PROPERTIES CLUSTER_ID");
            System.exit(2);
        }
        Thread watchdog = new Thread(KafkaBrokerProcess::exitWhenParentGoes, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        format(args[0], args[1]);
        Kafka.main(new String[] {args[0]});
    }

    /** Formats the log directory in this JVM (saving a second JVM start); keeps an existing format. */
    private static void format(String serverProperties, String clusterId) {
        int status;
        try {
            status = StorageTool.execute(new String[] {"format", "--config", serverProperties,
                "--cluster-id", clusterId, "--ignore-formatted"}, System.out);
        } catch (RuntimeException e) {
            System.err.println("ERROR formatting the log directory failed: " + e);
            status = 1;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The parent holds this process's stdin open while it lives: end of input means the parent closed
     * the broker or died (even by SIGKILL), and exiting runs Kafka's shutdown hook, so no broker is
     * left orphaned holding ports.
     */
    private static void exitWhenParentGoes() {
        try {
            while (System.in.read() != -1) {
                // Nothing is ever sent; only the end of input matters.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end of input.
        }
        System.exit(0);
    }
}
