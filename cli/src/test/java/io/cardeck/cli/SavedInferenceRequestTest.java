package io.cardeck.cli;

import static io.cardeck.cli.CardeckCommandTest.cardeck;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.events.BinaryTensorData;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cardeck infer --save-request`, and the README's sample requests it wrote (docs/samples). */
class SavedInferenceRequestTest {

    private static final Path SAMPLES = Path.of("../docs/samples");

    @TempDir
    Path work;

    @Test
    void theSavedRequestsHoldTheDatasetImageInEitherEncodingAndTheCommittedSamplesAreThem() throws Exception {
        ImageDataset test = DatasetCatalog.open("fashion-mnist").split("test");
        float[] image = test.image(0);
        Path json = work.resolve("fashion-mnist-test-0.json");
        Path binary = work.resolve("fashion-mnist-test-0.bin");
        CardeckCommandTest.Run jsonRun = cardeck("infer", "--dataset", "fashion-mnist", "--index", "0", "--save-request",
                json.toString());
        assertEquals(0, jsonRun.status(), jsonRun.err());
        CardeckCommandTest.Run binaryRun = cardeck("infer", "--dataset", "fashion-mnist", "--index", "0", "--save-request",
                binary.toString());
        assertEquals(0, binaryRun.status(), binaryRun.err());

        JsonNode request = new ObjectMapper().readTree(json.toFile());
        JsonNode input = request.get("inputs").get(0);
        assertEquals("[1,1,28,28]", input.get("shape").toString());
        assertEquals("FP32", input.get("datatype").asText());
        float[] numbers = new float[input.get("data").size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = input.get("data").get(i).floatValue();
        }
        assertArrayEquals(image, numbers);

        byte[] body = Files.readAllBytes(binary);
        int headerLength = body.length - image.length * Float.BYTES;
        assertTrue(binaryRun.out().contains(BinaryTensorData.HEADER + ": " + headerLength), binaryRun.out());
        JsonNode header = new ObjectMapper().readTree(new String(Arrays.copyOf(body, headerLength), StandardCharsets.UTF_8));
        assertEquals(image.length * Float.BYTES, header.at("/inputs/0/parameters/binary_data_size").asInt());
        assertArrayEquals(image, BinaryTensorData.values(body, headerLength));

        assertArrayEquals(Files.readAllBytes(json), Files.readAllBytes(SAMPLES.resolve("fashion-mnist-test-0.json")),
                "the README's JSON sample is what the command writes");
        assertArrayEquals(body, Files.readAllBytes(SAMPLES.resolve("fashion-mnist-test-0.bin")),
                "the README's binary sample is what the command writes");
    }

    @Test
    void aRequestThatCannotBeSavedOrSentIsAUsageErrorSayingWhatIsAccepted() throws Exception {
        CardeckCommandTest.Run extension = cardeck("infer", "--dataset", "fashion-mnist", "--index", "0", "--save-request",
                work.resolve("request.txt").toString());
        assertEquals(2, extension.status());
        assertTrue(extension.err().contains("end it in .json (the image as numbers) or .bin"), extension.err());
        assertTrue(Files.notExists(work.resolve("request.txt")));

        Path png = work.resolve("image.png");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        CardeckCommandTest.Run fromPng = cardeck("infer", "--image", png.toString(), "--save-request",
                work.resolve("request.json").toString());
        assertEquals(2, fromPng.status());
        assertTrue(fromPng.err().contains("--save-request takes the image from --dataset"), fromPng.err());

        CardeckCommandTest.Run noDeck = cardeck("infer", "--dataset", "fashion-mnist", "--index", "0");
        assertEquals(2, noDeck.status());
        assertTrue(noDeck.err().contains("--deck NAME (or --save-request FILE"), noDeck.err());
    }
}
