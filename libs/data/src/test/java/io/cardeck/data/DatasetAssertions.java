package io.cardeck.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** Checks that a bad file is reported as such: a DatasetFormatException naming the file and the problem. */
public final class DatasetAssertions {

    private DatasetAssertions() {
    }

    public static DatasetFormatException assertFormatProblem(Path file, String problem, Executable read) {
        DatasetFormatException e = assertThrows(DatasetFormatException.class, read);
        assertTrue(e.getMessage().startsWith(file + ": "), () -> "does not name " + file + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "does not say '" + problem + "': " + e.getMessage());
        return e;
    }
}
