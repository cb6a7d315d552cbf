package io.cardeck.shutdown.quarkus;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * Stops the service on SIGTERM (an orchestrator's stop) and SIGINT (Ctrl-C) as {@link Quarkus#asyncExit} does:
 * the application shuts down first, letting the HTTP requests in flight finish within
 * {@code quarkus.shutdown.timeout}, and only then does the JVM exit, with status 128 + the signal's number,
 * and run its shutdown hooks. The JVM's own handling starts every shutdown hook at once, and ONNX
 * Runtime's releases its native environment while requests in flight still run sessions on it: the
 * process crashed in {@code libonnxruntime.so} (GracefulShutdownIT; microsoft/onnxruntime#31352).
 */
@ApplicationScoped
public class StopSignals {

    private static final Logger LOG = Logger.getLogger(StopSignals.class);
    private static final List<String> STOPPING = List.of("TERM", "INT");

    void handle(@Observes StartupEvent startup) {
        // Tests and dev mode run inside another process's lifecycle, which keeps the JVM's handling.
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        for (String name : STOPPING) {
            Signal.handle(new Signal(name), signal -> {
                LOG.infof("SIG%s: stopping the application before the JVM exits", signal.getName());
                Quarkus.asyncExit(128 + signal.getNumber());
            });
        }
    }
}
