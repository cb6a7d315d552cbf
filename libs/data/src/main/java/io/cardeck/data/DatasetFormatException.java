package io.cardeck.data;

import java.nio.file.Path;

/** A dataset file that cannot be read: the message names the file and what is wrong with it. */
public final class DatasetFormatException extends RuntimeException {

    public DatasetFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DatasetFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
