package io.cardeck.cli;

import static io.cardeck.cli.CardeckCommandTest.cardeck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.onnx.OnnxModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's bring-your-own-model contract, on the model examples/pytorch/fashion_cnn.py trained and
 * exported with PyTorch's torch.onnx.export: cardeck reads its dataset and labels, runs it at any batch,
 * and prunes it with an unstructured and a structured method, fine-tuning included.
 */
class OwnPyTorchModelTest {

    private static final String EXAMPLE = "../examples/pytorch/fashion-cnn.onnx";

    @TempDir
    Path work;

    @Test
    void aModelExportedByPyTorchAsTheContractSaysIsEvaluatedAndPruned() throws Exception {
        OnnxModel model = OnnxModel.load(Path.of(EXAMPLE));
        assertEquals("fashion-mnist", model.metadata().dataset());
        assertEquals(DatasetCatalog.open("fashion-mnist").split("test").classNames(), model.metadata().labels());
        CardeckCommandTest.Run info = cardeck("model", "info", EXAMPLE, "--json");
        assertEquals(0, info.status(), info.err());
        assertEquals("[-1,1,28,28]", info.json().at("/inputs/0/dims").toString(), "a dynamic batch: " + info.out());

        CardeckCommandTest.Run eval = cardeck("eval", "--model", EXAMPLE, "--dataset", "fashion-mnist", "--json");
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.json().at("/clean/accuracy").asDouble() > 0.85, "trained, normalised inside: " + eval.out());

        Path unstructured = work.resolve("own-m80.onnx");
        CardeckCommandTest.Run magnitude = cardeck("prune", "--model", EXAMPLE, "--method", "magnitude", "--param",
                "sparsity=0.8", "--param", "recovery.finetune.epochs=1", "--validation-images", "1000", "--out",
                unstructured.toString(), "--json");
        assertEquals(0, magnitude.status(), magnitude.err());
        JsonNode report = magnitude.json();
        assertTrue(report.get("nonZeroAfter").asLong() < 0.3 * report.get("nonZeroBefore").asLong(), report.toString());
        assertTrue(report.at("/recovery/finetune/heldOutAfter").asDouble() > 0.8, report.toString());

        Path structured = work.resolve("own-f50.onnx");
        CardeckCommandTest.Run filters = cardeck("prune", "--model", EXAMPLE, "--method", "l1-filter", "--param", "ratio=0.5",
                "--out", structured.toString(), "--json");
        assertEquals(0, filters.status(), filters.err());
        assertTrue(filters.json().get("nonZeroMacsAfter").asLong() < 0.5 * filters.json().get("macsBefore").asLong(),
                filters.out());
        assertEquals(model.metadata().labels(), OnnxModel.load(structured).metadata().labels(),
                "the metadata travels with the pruned model");
    }
}
