package io.cardeck.cli;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure inside a command into one line on stderr and exit status 1; usage errors keep
 * picocli's handling (status 2). The stack trace is printed only with CARDECK_DEBUG=1.
 */
final class CommandErrors implements IExecutionExceptionHandler {

    static final int FAILURE = 1;

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        commandLine.getErr().println("error: " + describe(exception));
        if ("1".equals(System.getenv("CARDECK_DEBUG"))) {
            exception.printStackTrace(commandLine.getErr());
        }
        return FAILURE;
    }

    private static String describe(Throwable exception) {
        Throwable cause = exception instanceof UncheckedIOException && exception.getCause() != null
                ? exception.getCause()
                : exception;
        if (cause instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        String message = cause.getMessage();
        if ((message == null || message.isBlank()) && cause != exception) {
            // A cause without words (a refused connection): the wrapper says what was being done.
            message = exception.getMessage();
        }
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
