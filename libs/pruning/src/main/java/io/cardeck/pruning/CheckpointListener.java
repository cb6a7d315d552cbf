package io.cardeck.pruning;

import java.nio.file.Path;

/**
 * Told when a long method has written a complete checkpoint into its work directory (at least once
 * per epoch), so that the platform can copy it where another instance resumes from it.
 */
@FunctionalInterface
public interface CheckpointListener {

    CheckpointListener NONE = directory -> { };

    /** @param directory the work directory, now holding a complete, resumable checkpoint */
    void checkpointSaved(Path directory);
}
