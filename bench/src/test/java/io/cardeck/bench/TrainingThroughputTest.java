package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Bad options fail before any work with a message that says what is accepted; a missing reference says how to get it. */
class TrainingThroughputTest {

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Bench.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static void assertFailure(Run run, String message) {
        assertEquals(1, run.status(), run.out());
        assertTrue(run.err().contains(message), run.err());
    }

    @Test
    void rejectsBadOptionsBeforeAnyWork() {
        assertFailure(run("training", "--threads", "0"), "--threads must be at least 1, got 0");
        assertFailure(run("training", "--rounds", "0"), "--rounds must be at least 1, got 0");
        assertFailure(run("training", "--steps", "-3"), "--steps must be at least 1, got -3");
        assertFailure(run("training", "--warm-up", "-1"), "--warm-up and --profile-steps must be >= 0, got -1 and 3");
        assertFailure(run("training", "--profile-steps", "-1"), "--warm-up and --profile-steps must be >= 0, got 3 and -1");
        assertFailure(run("training", "--batch-size", "1"), "--batch-size must be at least 2, got 1");
        assertFailure(run("training", "--architectures", "lenet5,vgg-small"),
                "unknown architecture 'vgg-small' in --architectures; accepted: lenet5, resnet20");
        assertFailure(run("training", "--script", "no/such/script.py"), "--script no/such/script.py is not a file");
        assertEquals(2, run("training", "--threads", "two").status(), "not a number is a usage error");
    }

    @Test
    void aPythonThatCannotStartSaysHowToGetTheReference() {
        // The script path is relative to the repository root, as bench/run runs it; the module's tests run in bench/.
        Run run = run("training", "--architectures", "lenet5", "--rounds", "1", "--steps", "1", "--warm-up", "0",
                "--batch-size", "4", "--profile-steps", "0", "--script", "python/train_throughput.py",
                "--python", "/no/such/python3");

        assertFailure(run, "cannot start /no/such/python3");
        assertTrue(run.err().contains("apt-get install python3-torch"), run.err());
    }
}
