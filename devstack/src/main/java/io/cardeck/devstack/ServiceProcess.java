package io.cardeck.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Quarkus service run as a child process from its packaged {@code quarkus-app}, with its
 * configuration in environment variables and its output in a log file; ready when its readiness
 * endpoint answers 200.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;

    private ServiceProcess(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Starts {@code runJar} ({@code <module>/target/quarkus-app/quarkus-run.jar}) on {@code port}.
     *
     * @throws IllegalStateException when the jar is missing (the message says how to build it)
     */
    public static ServiceProcess start(String name, Path runJar, int port, Map<String, String> environment,
                                       Path logFile, String heap) {
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException(name + " is not built: " + runJar + " is missing; build it with "
                    + "./mvnw -DskipTests package -pl " + name + " -am");
        }
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx" + heap,
                "-Dquarkus.http.port=" + port, "-jar", runJar.toString()));
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
            builder.environment().putAll(environment);
            return new ServiceProcess(name, port, logFile, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until {@code /q/health/ready} answers 200; fails with the log's path, and its last lines
     * (a test's log folder is gone once the test ends), when the process dies or time runs out.
     */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue() + "; see " + logFile
                        + ", which ends:\n" + logTail());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(500);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; see " + logFile);
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process id: a service names its instance by host and pid, so a test can tell instances apart. */
    public long pid() {
        return process.pid();
    }

    /**
     * Kills the service with SIGKILL, as a crash or the OOM killer would: no shutdown hook runs, nothing
     * is released or flushed. Returns once the process is gone.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /**
     * Asks the service to stop with SIGTERM, as an orchestrator does: Quarkus shuts down gracefully,
     * finishing the HTTP requests in flight within its {@code quarkus.shutdown.timeout}. Returns the
     * exit status (143, from the signal, after a clean shutdown) once the process is gone.
     *
     * @throws IllegalStateException if it is still running after {@code timeout}; it is then killed
     */
    public int stop(Duration timeout) {
        process.destroy();
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        throw new IllegalStateException(name + " (pid " + process.pid() + ") did not stop within " + timeout.toSeconds()
                + " s of SIGTERM and was killed; see " + logFile);
    }

    /** Asks the service to stop (SIGTERM: Quarkus shuts down gracefully), then kills it after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            stop(Duration.ofSeconds(20));
        } catch (IllegalStateException e) {
            // Killed: close() is the last resort of a test's or a launcher's cleanup, which goes on.
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
