package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.trainer.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    private static final TrainingSettings SETTINGS = new TrainingSettings(3, 32, 7, 100, "sgd", "constant", "ce", "none");

    private static Checkpoint checkpoint(int epoch) {
        List<EpochResult> history = new ArrayList<>();
        for (int e = 1; e <= epoch; e++) {
            history.add(new EpochResult(e, 1.0 / e, 0.5, e == 1 ? null : new Evaluation(10, 7, 0.9), 0.1, 2, 50));
        }
        return new Checkpoint(epoch, SETTINGS, TestNets.residualNet(),
                new OptimizerState("sgd", 12L * epoch, Map.of("momentum/w", new float[] {1, -2, 3})),
                Map.of("fc.weight", new float[] {0, 1, 1}), history);
    }

    @Test
    void savesAndLoadsTheLatestCheckpointAndKeepsOnlyIt(@TempDir Path directory) throws IOException {
        CheckpointStore store = new CheckpointStore(directory);
        assertTrue(store.latest().isEmpty());
        store.save(checkpoint(1));
        store.save(checkpoint(2));
        Checkpoint loaded = store.latest().orElseThrow();
        Checkpoint expected = checkpoint(2);
        assertEquals(2, loaded.epoch());
        assertEquals(SETTINGS, loaded.settings());
        assertEquals(expected.model(), loaded.model());
        assertEquals(24, loaded.optimizer().steps());
        assertArrayEquals(new float[] {1, -2, 3}, loaded.optimizer().buffers().get("momentum/w"));
        assertArrayEquals(new float[] {0, 1, 1}, loaded.masks().get("fc.weight"));
        assertEquals(expected.history(), loaded.history());
        try (var entries = Files.list(directory)) {
            assertEquals(List.of("epoch-0002", "latest"), entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void damagedCheckpointsAreReportedWithTheFile(@TempDir Path directory) throws IOException {
        CheckpointStore store = new CheckpointStore(directory);
        store.save(checkpoint(1));
        Path state = directory.resolve("epoch-0001").resolve(CheckpointStore.STATE);
        Path optimizer = directory.resolve("epoch-0001").resolve(CheckpointStore.OPTIMIZER);
        byte[] goodState = Files.readAllBytes(state);
        byte[] goodOptimizer = Files.readAllBytes(optimizer);

        Files.write(optimizer, Arrays.copyOf(goodOptimizer, goodOptimizer.length - 5));
        IOException error = assertThrows(IOException.class, store::latest);
        assertTrue(error.getMessage().contains(optimizer.toString()) && error.getMessage().contains("truncated"),
                error.getMessage());
        Files.write(optimizer, "not tensors".getBytes());
        error = assertThrows(IOException.class, store::latest);
        assertTrue(error.getMessage().contains("not a cardeck tensor file"), error.getMessage());
        Files.write(optimizer, goodOptimizer);

        Files.writeString(state, "{ not json");
        error = assertThrows(IOException.class, store::latest);
        assertTrue(error.getMessage().contains(state.toString()), error.getMessage());
        Files.writeString(state, new String(goodState).replace("\"format\" : 1", "\"format\" : 9"));
        error = assertThrows(IOException.class, store::latest);
        assertTrue(error.getMessage().contains("checkpoint format 9"), error.getMessage());
        Files.write(state, goodState);

        Files.writeString(directory.resolve(CheckpointStore.LATEST), "../elsewhere\n");
        error = assertThrows(IOException.class, store::latest);
        assertTrue(error.getMessage().contains("expected a checkpoint directory epoch-NNNN"), error.getMessage());
        Files.writeString(directory.resolve(CheckpointStore.LATEST), "epoch-0005\n");
        assertThrows(NoSuchFileException.class, store::latest);
        Files.writeString(directory.resolve(CheckpointStore.LATEST), "epoch-0001\n");
        assertEquals(1, store.latest().orElseThrow().epoch());
    }

    @Test
    void aNotOnnxModelFileIsReported(@TempDir Path directory) throws IOException {
        CheckpointStore store = new CheckpointStore(directory);
        store.save(checkpoint(1));
        Path model = directory.resolve("epoch-0001").resolve(CheckpointStore.MODEL);
        Files.writeString(model, "garbage");
        IOException error = assertThrows(IOException.class, store::latest);
        assertTrue(error.getMessage().contains(model.toString()), error.getMessage());
    }
}
