package io.cardeck.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The command line as the {@code ./cardeck} launcher runs it: a JVM of its own on the packaged jars
 * ({@code cli/target}), with the environment a user sets, its stdout read line by line as it comes and
 * its stderr kept in a file.
 */
final class CardeckProcess implements AutoCloseable {

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final Path err;
    private final Thread reader;

    private CardeckProcess(Process process, Path err) {
        this.process = process;
        this.err = err;
        this.reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (out) {
                        out.add(line);
                        out.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended; what it printed is kept
            }
        }, "cardeck-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code cardeck ARGS} in the repository, with {@code environment} added to this JVM's; stderr goes to {@code err}. */
    static CardeckProcess start(Path repository, Map<String, String> environment, Path err, String... args) {
        Path target = repository.resolve("cli/target");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Dcardeck.repository=" + repository,
                "-cp", target.resolve("cardeck-cli.jar") + ":" + target.resolve("lib") + "/*", "io.cardeck.cli.CardeckCommand"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile()).redirectError(err.toFile());
        builder.environment().remove("CARDECK_API_KEY");
        builder.environment().putAll(environment);
        try {
            return new CardeckProcess(builder.start(), err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits for the first stdout line that {@code matches}; fails with what was printed when the process ends or time runs out. */
    String awaitLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (out) {
            while (true) {
                for (String line : out) {
                    if (matches.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new AssertionError("no such line within " + timeout + " (alive: " + process.isAlive() + "); stdout:\n"
                            + String.join("\n", out) + "\nstderr: " + err);
                }
                out.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 1000));
            }
        }
    }

    /** Waits for the process to end; its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("cardeck did not end within " + timeout + "; stderr: " + err);
        }
        return process.exitValue();
    }

    /** Everything printed on stdout so far; all of it once the process has ended. */
    String out() throws InterruptedException {
        if (!process.isAlive()) {
            reader.join(Duration.ofSeconds(10).toMillis());
        }
        synchronized (out) {
            return String.join("\n", out);
        }
    }

    Process process() {
        return process;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
