package io.cardeck.trainer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.trainer.optim.OptimizerState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps a run's latest {@link Checkpoint} in a directory. A checkpoint is written completely into
 * a temporary directory, renamed to {@code epoch-NNNN}, and only then named by the pointer file
 * {@code latest} (replaced atomically), so a run killed at any moment leaves the previous
 * complete checkpoint readable. Older checkpoints are deleted after the pointer moves.
 *
 * <pre>
 * latest                 the name of the current checkpoint directory
 * epoch-0003/model.onnx  the model after epoch 3 (weights and running statistics)
 * epoch-0003/state.json  format, epoch, settings, optimiser name and step count, epoch history
 * epoch-0003/optimizer.bin, masks.bin   buffers and masks (see TensorFile)
 * </pre>
 */
public final class CheckpointStore {

    static final String LATEST = "latest";
    static final String MODEL = "model.onnx";
    static final String STATE = "state.json";
    static final String OPTIMIZER = "optimizer.bin";
    static final String MASKS = "masks.bin";
    static final int FORMAT = 1;

    private static final Pattern CHECKPOINT_NAME = Pattern.compile("epoch-\\d{4,}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path directory;

    /** The JSON part of a checkpoint. */
    private record StateFile(int format, int epoch, TrainingSettings settings, String optimizer, long optimizerSteps,
                             List<EpochResult> history) {
    }

    public CheckpointStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /** Writes {@code checkpoint} and makes it the latest. */
    public void save(Checkpoint checkpoint) throws IOException {
        Files.createDirectories(directory);
        String name = String.format("epoch-%04d", checkpoint.epoch());
        Path temporary = Files.createTempDirectory(directory, name + ".tmp-");
        try {
            checkpoint.model().save(temporary.resolve(MODEL));
            StateFile state = new StateFile(FORMAT, checkpoint.epoch(), checkpoint.settings(),
                    checkpoint.optimizer().optimizer(), checkpoint.optimizer().steps(), checkpoint.history());
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.resolve(STATE).toFile(), state);
            try (OutputStream out = Files.newOutputStream(temporary.resolve(OPTIMIZER))) {
                TensorFile.write(out, checkpoint.optimizer().buffers());
            }
            try (OutputStream out = Files.newOutputStream(temporary.resolve(MASKS))) {
                TensorFile.write(out, checkpoint.masks());
            }
            Path target = directory.resolve(name);
            deleteTree(target);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(temporary);
        }
        writePointer(name);
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                String entryName = entry.getFileName().toString();
                if (!entryName.equals(name) && !entryName.equals(LATEST) && entryName.startsWith("epoch-")) {
                    deleteTree(entry);
                }
            }
        }
    }

    private void writePointer(String name) throws IOException {
        Path pointer = directory.resolve(LATEST);
        Path temporary = Files.createTempFile(directory, LATEST + ".", ".tmp");
        try {
            Files.writeString(temporary, name + "\n");
            try {
                Files.move(temporary, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, pointer, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The latest checkpoint, or empty when the directory holds none.
     *
     * @throws IOException naming the file if a checkpoint is present but unreadable or inconsistent
     */
    public Optional<Checkpoint> latest() throws IOException {
        Path pointer = directory.resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        String name = Files.readString(pointer).trim();
        if (!CHECKPOINT_NAME.matcher(name).matches()) {
            throw new IOException(pointer + ": names '" + name + "'; expected a checkpoint directory epoch-NNNN");
        }
        Path checkpoint = directory.resolve(name);
        if (!Files.isDirectory(checkpoint)) {
            throw new NoSuchFileException(checkpoint.toString(), null, "named by " + pointer + " but missing");
        }
        Path stateFile = checkpoint.resolve(STATE);
        StateFile state;
        try {
            state = JSON.readValue(stateFile.toFile(), StateFile.class);
        } catch (JacksonException e) {
            throw new IOException(stateFile + ": not a checkpoint state file (" + e.getOriginalMessage() + ")", e);
        }
        if (state.format() != FORMAT) {
            throw new IOException(stateFile + ": checkpoint format " + state.format() + "; this cardeck reads format "
                    + FORMAT);
        }
        if (state.settings() == null || state.optimizer() == null || state.history() == null
                || state.history().size() != state.epoch()) {
            throw new IOException(stateFile + ": incomplete state (settings, optimizer and one history entry per"
                    + " epoch are required)");
        }
        if (!name.equals(String.format("epoch-%04d", state.epoch()))) {
            throw new IOException(stateFile + ": records epoch " + state.epoch() + " but lies in " + name);
        }
        OnnxModel model;
        try {
            model = OnnxModel.load(checkpoint.resolve(MODEL));
        } catch (OnnxFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
        Map<String, float[]> buffers = readTensors(checkpoint.resolve(OPTIMIZER));
        Map<String, float[]> masks = readTensors(checkpoint.resolve(MASKS));
        try {
            return Optional.of(new Checkpoint(state.epoch(), state.settings(), model,
                    new OptimizerState(state.optimizer(), state.optimizerSteps(), buffers), masks,
                    new ArrayList<>(state.history())));
        } catch (IllegalArgumentException e) {
            throw new IOException(stateFile + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, float[]> readTensors(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return TensorFile.read(in, file);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
