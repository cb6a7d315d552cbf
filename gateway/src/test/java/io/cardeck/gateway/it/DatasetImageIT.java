package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.robustness.corruption.Corruptions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Test images by index, corrupted as the robustness library corrupts them: the image the route answers is the
 * library's own, computed here independently; every kind of bad input is a 400 saying what is accepted.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class DatasetImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ImageDataset TEST = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test");

    @Test
    void aTestImageIsTheDatasetsOwnWithItsLabel() throws IOException {
        JsonNode image = get("/api/datasets/fashion-mnist/images/7");
        assertEquals(List.of(1, 28, 28), JSON.convertValue(image.get("shape"), List.class));
        assertEquals(TEST.label(7), image.get("label").asInt());
        assertEquals(TEST.classNames().get(TEST.label(7)), image.get("labelName").asText());
        assertEquals("test", image.get("split").asText());
        assertTrue(image.get("corruption").isNull());
        assertArrayEquals(TEST.image(7), floats(image.get("data")));
    }

    @Test
    void aCorruptedImageIsTheLibrarysCorruptionWithTheGivenSeed() throws IOException {
        JsonNode fog = get("/api/datasets/fashion-mnist/images/12?corruption=fog&severity=3");
        float[] expected = Corruptions.byName("fog").apply(TEST.image(12), TEST.shape(), 3, new SplittableRandom(0));
        assertArrayEquals(expected, floats(fog.get("data")));
        assertFalse(Arrays.equals(TEST.image(12), expected), "fog changes the image");
        assertEquals("fog", fog.get("corruption").asText());
        assertEquals(3, fog.get("severity").asInt());
        assertEquals(TEST.label(12), fog.get("label").asInt());

        // Noise draws from the seed: another seed, another image, each the library's.
        float[] seeded = Corruptions.byName("gaussian_noise").apply(TEST.image(12), TEST.shape(), 5, new SplittableRandom(42));
        JsonNode noisy = get("/api/datasets/fashion-mnist/images/12?corruption=gaussian_noise&severity=5&seed=42");
        assertArrayEquals(seeded, floats(noisy.get("data")));
        assertFalse(Arrays.equals(seeded, floats(get("/api/datasets/fashion-mnist/images/12?corruption=gaussian_noise"
                + "&severity=5").get("data"))));
    }

    @Test
    void theTrainingSplitIsServedWhenAskedFor() throws IOException {
        ImageDataset train = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("train");
        JsonNode image = get("/api/datasets/fashion-mnist/images/59999?split=train");
        assertEquals(train.label(59999), image.get("label").asInt());
        assertArrayEquals(train.image(59999), floats(image.get("data")));
    }

    static Stream<Arguments> badRequests() {
        String corruptions = String.join(", ", Corruptions.names());
        String indices = "accepted: a whole number from 0 to 9999, the images of fashion-mnist/test";
        return Stream.of(
                Arguments.of("unknown dataset", "/api/datasets/imagenet/images/0",
                        "unknown dataset 'imagenet'; accepted: fashion-mnist, mnist, cifar10"),
                Arguments.of("unknown split", "/api/datasets/fashion-mnist/images/0?split=validation",
                        "unknown split 'validation' of fashion-mnist; accepted: train, test"),
                Arguments.of("index past the split", "/api/datasets/fashion-mnist/images/10000",
                        "index 10000 is outside fashion-mnist/test; " + indices),
                Arguments.of("negative index", "/api/datasets/fashion-mnist/images/-1",
                        "index -1 is outside fashion-mnist/test; " + indices),
                Arguments.of("index not a number", "/api/datasets/fashion-mnist/images/seven",
                        "index 'seven' is not a whole number; " + indices),
                Arguments.of("unknown corruption", "/api/datasets/fashion-mnist/images/0?corruption=rain&severity=2",
                        "unknown corruption 'rain'; accepted: " + corruptions),
                Arguments.of("corruption undefined for gray images",
                        "/api/datasets/fashion-mnist/images/0?corruption=saturate&severity=2",
                        "saturate is not defined for images of 1 channel(s), as this dataset's are"),
                Arguments.of("severity above 5", "/api/datasets/fashion-mnist/images/0?corruption=fog&severity=6",
                        "severity 6 is outside the severities; accepted: from 1 to 5"),
                Arguments.of("severity below 1", "/api/datasets/fashion-mnist/images/0?corruption=fog&severity=0",
                        "severity 0 is outside the severities; accepted: from 1 to 5"),
                Arguments.of("severity not a number", "/api/datasets/fashion-mnist/images/0?corruption=fog&severity=high",
                        "severity 'high' is not a whole number; accepted: from 1 to 5"),
                Arguments.of("corruption without severity", "/api/datasets/fashion-mnist/images/0?corruption=fog",
                        "corruption fog needs a severity, from 1 to 5"),
                Arguments.of("severity without corruption", "/api/datasets/fashion-mnist/images/0?severity=3",
                        "severity needs a corruption; accepted: " + corruptions),
                Arguments.of("seed not a number", "/api/datasets/fashion-mnist/images/0?corruption=fog&severity=1&seed=x",
                        "seed 'x' is not a whole number; accepted: any 64-bit integer, 0 when left out"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputIsRefusedSayingWhatIsAccepted(String what, String path, String error) {
        asAdmin().get(path).then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", equalTo(error));
    }

    private static JsonNode get(String path) throws IOException {
        String body = asAdmin().get(path).then().statusCode(200).contentType("application/json").extract().asString();
        return JSON.readTree(body);
    }

    private static float[] floats(JsonNode values) {
        float[] data = new float[values.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = values.get(i).floatValue();
        }
        return data;
    }
}
