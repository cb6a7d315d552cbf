package io.cardeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cardeck gate-study` on the committed LeNet-5 zoo, on a few images: which models make the deck, and bad input. */
class GateStudyCommandTest {

    private static final Path MODELS = Path.of("..", "models");

    private static CardeckCommandTest.Run study(Path models, String... extra) {
        List<String> args = new ArrayList<>(List.of("gate-study", "--architectures", "lenet5", "--images", "8",
                "--calibration-images", "50", "--batch", "4", "--models", models.toString(), "--json"));
        args.addAll(List.of(extra));
        return CardeckCommandTest.cardeck(args.toArray(String[]::new));
    }

    private static List<String> members(CardeckCommandTest.Run run) {
        assertEquals(0, run.status(), run.err());
        List<String> members = new ArrayList<>();
        run.json().get("decks").get(0).get("members").forEach(member -> members.add(member.asText()));
        return members;
    }

    @Test
    void theDeckIsTheDenseModelsOfEachDomain() {
        assertEquals(List.of("lenet5-standard", "lenet5-gauss", "lenet5-augmix"), members(study(MODELS)));
    }

    @Test
    void withCardsTheDeckIsEachDomainsLrrCardAtTheHighestSparsityThatAllHave() {
        CardeckCommandTest.Run run = study(MODELS, "--cards");
        assertEquals(List.of("lenet5-standard-lrr95", "lenet5-gauss-lrr95", "lenet5-augmix-lrr95"), members(run));
        JsonNode variants = run.json().get("decks").get(0).get("variants");
        assertTrue(variants.size() > 3, "every gate variant and each member alone are scored: " + variants.size());
    }

    @Test
    void aZooWithoutCardsIsRefusedNamingWhatIsMissing(@TempDir Path models) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(MODELS.resolve("manifest.json").toFile());
        manifest.putArray("cards");
        Files.writeString(models.resolve("manifest.json"), json.writeValueAsString(manifest));

        CardeckCommandTest.Run run = study(models, "--cards");
        assertEquals(1, run.status(), run.out());
        assertTrue(run.err().contains("has no LRR CARD of lenet5 at one target sparsity for every domain [standard, gauss, augmix]"),
                run.err());
    }

    @Test
    void anArchitectureTheZooDoesNotHaveIsRefused() {
        CardeckCommandTest.Run run = CardeckCommandTest.cardeck("gate-study", "--architectures", "alexnet", "--images", "8",
                "--models", MODELS.toString());
        assertEquals(1, run.status(), run.out());
        assertTrue(run.err().contains("has no model alexnet-standard"), run.err());
    }
}
