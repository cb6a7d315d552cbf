package io.cardeck.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardeck.access.ApiKey;
import io.cardeck.cli.ModelUpload;
import io.cardeck.cli.ZooRegistration;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.devstack.EventStream;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LocalPostgres;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.robustness.corruption.Corruptions;
import io.cardeck.zoo.ModelCards;
import io.cardeck.zoo.NearestCentroid;
import io.cardeck.zoo.ZooManifest;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The gateway's dashboard in headless Chromium (Debian's chromium and chromium-driver) against the
 * whole platform: each page is loaded with a real key, and what it shows (tables, the charts' data)
 * is compared with the API's own answers; a job started from the page is followed live to its end,
 * another is cancelled; refusals show the gateway's reason. Screenshots of the pages go to
 * {@code target/dashboard/} (the ones in {@code docs/dashboard/} come from here).
 */
class DashboardIT {

    private static final int SAMPLES_PER_CELL = 50;
    private static final String DECK = "dash-gated";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path REPOSITORY = Path.of(System.getProperty("cardeck.repository", "..")).toAbsolutePath().normalize();
    private static final Path SCREENSHOTS = Path.of("target", "dashboard");
    private static final Duration PAGE = Duration.ofSeconds(30);
    /** A 2-epoch fine-tuning of LeNet-5 on the whole training split, on a machine shared with other work. */
    private static final Duration TRAINING = Duration.ofMinutes(30);
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    @TempDir
    static Path home;

    private static LocalPlatform platform;
    private static String database;
    private static String dashboard;
    private static ChromeDriver browser;
    private static String lenetId;
    private static String centroidId;
    private static String prunedId;
    private static String pruned90Id;

    /** Two uploads, a pruned child of one, a deck of the two, every model evaluated; then the browser. */
    @BeforeAll
    static void startPlatformAndBrowser() throws Exception {
        database = "cardeck_dash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        LocalPlatform.Settings settings = LocalPlatform.Settings.onFreePorts(database,
                Map.of("CARDECK_EVALUATOR_SAMPLES_PER_CELL", String.valueOf(SAMPLES_PER_CELL)));
        platform = LocalPlatform.start(REPOSITORY, home, settings, System.out::println);
        dashboard = platform.service("gateway").url() + "/dashboard/";

        OnnxModel lenet = OnnxModel.load(REPOSITORY.resolve("models/lenet5-standard.onnx"));
        lenetId = upload("dash-lenet5", lenet.toBytes(), lenet.metadata().labels());
        byte[] centroid = NearestCentroid.fit(DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("train"),
                DatasetCatalog.FASHION_MNIST, images -> { }).toBytes();
        centroidId = upload("dash-centroid", centroid, lenet.metadata().labels());
        prunedId = prune(lenetId, 0.7);
        // A second sparsity, so that the methods page draws a line.
        pruned90Id = prune(lenetId, 0.9);
        HttpResponse<String> deck = post("/api/decks", JSON.writeValueAsString(Map.of("name", DECK,
                "members", List.of(Map.of("modelId", lenetId, "domain", "standard"), Map.of("modelId", centroidId, "domain", "gauss")),
                "gating", Map.of("mode", "gated", "k", 1, "granularity", "sample"))));
        assertEquals(201, deck.statusCode(), deck.body());
        for (String model : List.of(lenetId, centroidId, prunedId, pruned90Id)) {
            succeededEvaluation(model);
        }

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        if (platform != null) {
            platform.close();
        }
        new LocalPostgres().dropDatabase(database);
    }

    @Test
    void withoutAKeyThePageShowsTheGatewaysRefusalAndWithOneTheModelsAndTheirLineage() throws Exception {
        browser.get(dashboard);
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(java.net.URI.create(
                platform.service("gateway").url() + "/api/models")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode());
        assertEquals("the gateway answered 401: " + JSON.readTree(refused.body()).get("error").asText(),
                waitForText(By.cssSelector("#page-models .error")));

        useKey();
        Map<String, Integer> depths = new HashMap<>();
        List<String> order = new ArrayList<>();
        waitUntil(() -> browser.findElements(By.cssSelector("#models-table tbody tr")).size() >= 3);
        for (WebElement row : browser.findElements(By.cssSelector("#models-table tbody tr"))) {
            depths.put(row.getAttribute("data-model-id"), Integer.valueOf(row.getAttribute("data-depth")));
            order.add(row.getAttribute("data-model-id"));
        }
        assertEquals(List.of(0, 1, 0), List.of(depths.get(lenetId), depths.get(prunedId), depths.get(centroidId)));
        assertEquals(order.indexOf(lenetId) + 1, order.indexOf(prunedId), "a pruned model follows its parent");
        for (String model : List.of(lenetId, centroidId, prunedId)) {
            JsonNode evaluation = api("/api/evaluations?modelId=" + model).get(0);
            List<String> cells = cellTexts(By.cssSelector("#models-table tr[data-model-id='" + model + "'] td"));
            assertEquals(api("/api/models/" + model).get("name").asText(), cells.get(0));
            assertEquals(percent(evaluation.get("cleanAccuracy").asDouble()), cells.get(7));
            assertEquals(percent(evaluation.get("robustAccuracy").asDouble()), cells.get(8));
        }
        assertEquals("magnitude", cellTexts(By.cssSelector("#models-table tr[data-model-id='" + prunedId + "'] td")).get(2));

        JsonNode tree = chartOption("lineage-chart").get("series").get(0).get("data").get(0);
        JsonNode lenetNode = null;
        for (JsonNode root : tree.get("children")) {
            if (root.get("value").asText().equals(lenetId)) {
                lenetNode = root;
            }
        }
        assertTrue(lenetNode != null, tree.toString());
        assertEquals(prunedId, lenetNode.get("children").get(0).get("value").asText());
        screenshot("models");
    }

    @Test
    void anUploadTheGatewayRefusesShowsItsReason() throws Exception {
        open("#models");
        Path notOnnx = home.resolve("notes.onnx");
        Files.writeString(notOnnx, "these are notes, not a model");
        HttpResponse<String> refused = ModelUpload.post(HTTP, platform.gatewayRequest("/api/models"),
                Map.of("metadata", JSON.writeValueAsString(Map.of("name", "notes", "dataset", "fashion-mnist",
                        "labels", api("/api/models/" + lenetId).get("labels")))), "notes.onnx", Files.readAllBytes(notOnnx));
        assertEquals(415, refused.statusCode(), refused.body());

        WebElement form = browser.findElement(By.id("upload-form"));
        form.findElement(By.name("file")).sendKeys(notOnnx.toString());
        form.findElement(By.name("name")).sendKeys("notes");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        assertEquals("the gateway answered 415: " + JSON.readTree(refused.body()).get("error").asText(),
                waitForText(By.cssSelector("#page-models .error")));
    }

    @Test
    void theEvaluationPageDrawsTheEvaluationsCells() throws Exception {
        open("#evaluation/" + lenetId);
        JsonNode evaluation = api("/api/evaluations/" + api("/api/evaluations?modelId=" + lenetId).get(0).get("id").asText());
        int cellCount = evaluation.get("cells").size();
        waitUntil(() -> chartOption("heatmap-chart").get("series").get(0).get("data").size() == cellCount);

        JsonNode heatmap = chartOption("heatmap-chart");
        JsonNode severities = heatmap.get("xAxis").get(0).get("data");
        JsonNode corruptions = heatmap.get("yAxis").get(0).get("data");
        Map<String, Double> drawn = new HashMap<>();
        for (JsonNode point : heatmap.get("series").get(0).get("data")) {
            drawn.put(corruptions.get(point.get(1).asInt()).asText() + "@" + severities.get(point.get(0).asInt()).asText(),
                    point.get(2).asDouble());
        }
        Map<String, Double> cells = new HashMap<>();
        for (JsonNode cell : evaluation.get("cells")) {
            cells.put(cell.get("corruption").asText() + "@" + cell.get("severity").asInt(), cell.get("accuracy").asDouble());
        }
        assertEquals(cells, drawn);

        JsonNode families = api("/api/corruption-families");
        JsonNode bars = chartOption("family-chart");
        List<Double> expected = new ArrayList<>();
        for (JsonNode family : families) {
            Set<String> members = new HashSet<>();
            family.get("corruptions").forEach(c -> members.add(c.asText()));
            expected.add(evaluation.get("cells").valueStream().filter(c -> members.contains(c.get("corruption").asText()))
                    .mapToDouble(c -> c.get("accuracy").asDouble()).average().orElseThrow());
        }
        List<Double> barValues = new ArrayList<>();
        bars.get("series").get(0).get("data").forEach(v -> barValues.add(v.asDouble()));
        assertEquals(expected.size(), barValues.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), barValues.get(i), 1e-12, families.get(i).get("family").asText());
        }
        String figures = browser.findElement(By.id("evaluation-figures")).getText();
        assertTrue(figures.contains(percent(evaluation.get("robustAccuracy").asDouble())), figures);

        // The reliability diagram: one bar per confidence bin at the bin's accuracy, none for an empty bin, the
        // bin's mean confidence as a point and its images below; every clean image is in one bin.
        JsonNode bins = evaluation.get("calibrationBins");
        assertEquals(SAMPLES_PER_CELL, bins.valueStream().mapToLong(bin -> bin.get("count").asLong()).sum(), bins.toString());
        JsonNode reliability = chartOption("calibration-chart");
        JsonNode accuracies = series(reliability, "accuracy");
        JsonNode confidences = series(reliability, "mean confidence");
        JsonNode counts = series(reliability, "images");
        JsonNode diagonal = series(reliability, "calibrated (accuracy = confidence)");
        assertEquals(bins.size(), reliability.get("xAxis").get(0).get("data").size());
        assertEquals(bins.size(), accuracies.size());
        for (int b = 0; b < bins.size(); b++) {
            JsonNode bin = bins.get(b);
            double accuracy = bin.get("accuracy").asDouble();
            assertTrue(accuracy >= 0 && accuracy <= 1, bin.toString());
            assertEquals(bin.get("count").asLong(), counts.get(b).asLong(), "bin " + b);
            assertEquals((bin.get("lower").asDouble() + bin.get("upper").asDouble()) / 2, diagonal.get(b).asDouble(), 1e-12);
            if (bin.get("count").asLong() == 0) {
                assertTrue(accuracies.get(b).isNull() && confidences.get(b).isNull(), "an empty bin has no bar: " + b);
            } else {
                assertEquals(accuracy, accuracies.get(b).asDouble(), 1e-12, "bin " + b);
                assertEquals(bin.get("confidence").asDouble(), confidences.get(b).asDouble(), 1e-12, "bin " + b);
            }
        }
        screenshot("evaluation");
    }

    /** The data of the chart's series named {@code name}. */
    private static JsonNode series(JsonNode option, String name) {
        for (JsonNode series : option.get("series")) {
            if (series.get("name").asText().equals(name)) {
                return series.get("data");
            }
        }
        throw new AssertionError("no series " + name + " in " + option.get("series"));
    }

    /**
     * mCE against a baseline chosen here among the other models: one whose errors on every standard corruption are
     * non-zero and differ from 5 x its clean error, so that CE and relative CE are defined (checked from its cells).
     */
    @Test
    void theEvaluationPageComparesWithABaselineAsTheApiDoes() throws Exception {
        JsonNode evaluation = latestEvaluation(lenetId);
        Set<String> standard = new HashSet<>();
        Corruptions.standard().forEach(c -> standard.add(c.name()));
        String baselineModel = null;
        JsonNode baseline = null;
        for (String model : List.of(centroidId, prunedId, pruned90Id)) {
            JsonNode candidate = latestEvaluation(model);
            double clean = 1 - candidate.get("cleanAccuracy").asDouble();
            if (standard.stream().allMatch(c -> errors(candidate, c) > 0 && Math.abs(errors(candidate, c) - 5 * clean) > 1e-9)) {
                baselineModel = model;
                baseline = candidate;
            }
        }
        assertTrue(baseline != null, "no model errs on every standard corruption differently from its clean images;"
                + " evaluate more images per cell");

        open("#evaluation/" + lenetId + "/" + baselineModel);
        JsonNode comparison = api("/api/evaluations/" + evaluation.get("id").asText() + "/corruption-errors?baseline="
                + baseline.get("id").asText());
        WebElement mce = waitUntilFound(By.xpath("//dl[@id='evaluation-figures']/dt[.='mCE']/following-sibling::dd[1]"));
        assertEquals(percent(comparison.get("meanCorruptionError").asDouble()), mce.getText());
        assertEquals(api("/api/models/" + baselineModel).get("name").asText() + " (evaluation " + baseline.get("id").asText()
                + ")", browser.findElement(By.xpath("//dl[@id='evaluation-figures']/dt[.='baseline']/following-sibling::dd[1]"))
                .getText());
        JsonNode bars = chartOption("corruption-error-chart").get("series").get(0).get("data");
        JsonNode corruptions = comparison.get("corruptions");
        assertEquals(standard.size(), corruptions.size());
        assertEquals(corruptions.size(), bars.size());
        double sum = 0;
        for (int i = 0; i < corruptions.size(); i++) {
            String corruption = corruptions.get(i).get("corruption").asText();
            double expected = errors(evaluation, corruption) / errors(baseline, corruption);
            assertEquals(expected, corruptions.get(i).get("corruptionError").asDouble(), 1e-12, corruption);
            assertEquals(expected, bars.get(i).asDouble(), 1e-12, corruption);
            sum += expected;
        }
        assertEquals(sum / corruptions.size(), comparison.get("meanCorruptionError").asDouble(), 1e-12);
        screenshot("evaluation-baseline");
    }

    private static JsonNode latestEvaluation(String modelId) throws IOException, InterruptedException {
        return api("/api/evaluations/" + api("/api/evaluations?modelId=" + modelId).get(0).get("id").asText());
    }

    /** The evaluation's errors on {@code corruption}, summed over its severities. */
    private static double errors(JsonNode evaluation, String corruption) {
        return evaluation.get("cells").valueStream().filter(c -> c.get("corruption").asText().equals(corruption))
                .mapToDouble(c -> 1 - c.get("accuracy").asDouble()).sum();
    }

    @Test
    void theMethodsPagePlotsThePrunedModelAndTheFrontier() throws Exception {
        open("#methods");
        // Other tests add pruned models of other recipes (fine-tuned, the zoo's LRR CARD): the magnitude lines are checked.
        waitUntil(() -> chartOption("sparsity-chart").get("series").size() >= 2);
        JsonNode pruned = api("/api/models/" + prunedId);
        JsonNode evaluation = api("/api/evaluations?modelId=" + prunedId).get(0);
        double sparsity = 1 - pruned.get("nonZeroParameters").asDouble() / pruned.get("parameters").asDouble();
        Map<String, JsonNode> series = new HashMap<>();
        chartOption("sparsity-chart").get("series").forEach(s -> series.put(s.get("name").asText(), s.get("data")));
        assertTrue(series.keySet().containsAll(Set.of("magnitude clean", "magnitude robust")), series.keySet().toString());
        assertPoint(sparsity, evaluation.get("cleanAccuracy").asDouble(), pointOf(pruned, series.get("magnitude clean")));
        assertPoint(sparsity, evaluation.get("robustAccuracy").asDouble(), pointOf(pruned, series.get("magnitude robust")));

        JsonNode models = chartOption("frontier-chart").get("series").get(0).get("data");
        for (String id : List.of(lenetId, centroidId, prunedId)) {
            JsonNode model = api("/api/models/" + id);
            assertPoint(model.get("nonZeroParameters").asDouble(),
                    api("/api/evaluations?modelId=" + id).get(0).get("robustAccuracy").asDouble(), pointOf(model, models));
        }
        screenshot("methods");
    }

    @Test
    void aJobStartedFromThePageIsFollowedLiveAndAnotherIsCancelled() throws Exception {
        open("#jobs");
        waitUntil(() -> browser.findElement(By.id("stream-state")).getText().equals("live events: following /api/events"));
        // The choices are there once the page has the models and methods.
        waitUntil(() -> {
            new Select(browser.findElement(By.id("job-model"))).selectByValue(lenetId);
            new Select(browser.findElement(By.id("job-method"))).selectByValue("magnitude");
            return true;
        });

        String invalid = "{\"sparsity\": 1.5}";
        HttpResponse<String> refused = post("/api/prune-jobs", "{\"modelId\": \"" + lenetId + "\", \"method\": \"magnitude\","
                + " \"params\": " + invalid + "}");
        assertEquals(400, refused.statusCode(), refused.body());
        submitJob(invalid);
        assertEquals("the gateway answered 400: " + JSON.readTree(refused.body()).get("error").asText(),
                waitForText(By.cssSelector("#page-jobs .error")));

        submitJob("{\"sparsity\": 0.8}");
        // The rows are drawn again with every event, so each is read in one go, again if it was replaced meanwhile.
        String jobId = eventually(driver -> driver.findElement(By.cssSelector("#jobs-table tbody tr")).getAttribute("data-job-id"));
        By row = By.cssSelector("#jobs-table tr[data-job-id='" + jobId + "']");
        waitUntil(Duration.ofMinutes(3), () -> "SUCCEEDED".equals(browser.findElement(row).getAttribute("data-status")));
        JsonNode job = api("/api/prune-jobs/" + jobId);
        assertEquals("SUCCEEDED", job.get("status").asText());
        assertEquals(job.get("resultModelId").asText().substring(0, 8),
                eventually(driver -> driver.findElement(row).findElements(By.tagName("td")).get(5).getText()));
        @SuppressWarnings("unchecked")
        List<String> logged = (List<String>) browser.executeScript(
                "return [...document.querySelectorAll('#event-log li')].map(item => item.textContent)");
        List<String> streamed = logged.stream().filter(line -> line.contains(jobId)).toList();
        assertTrue(streamed.stream().anyMatch(line -> line.contains("PruneProgressed")), String.join("\n", streamed));
        assertTrue(streamed.stream().anyMatch(line -> line.contains("PruneSucceeded")), String.join("\n", streamed));
        JsonNode progress = null;
        for (JsonNode series : chartOption("progress-chart").get("series")) {
            if (series.get("name").asText().endsWith(jobId.substring(0, 8))) {
                progress = series.get("data");
            }
        }
        assertTrue(progress != null && progress.size() > 0, "the job's progress reports are drawn");
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i).get(1).asDouble() >= progress.get(i - 1).get(1).asDouble(), "progress moves forward");
        }
        screenshot("jobs");

        // GMP trains for 20 epochs by default: far longer than it takes to cancel it.
        new Select(browser.findElement(By.id("job-method"))).selectByValue("gmp");
        submitJob("{\"targetSparsity\": 0.9}");
        waitUntil(() -> browser.findElements(By.cssSelector("#jobs-table tbody tr")).size() == 2);
        String gmpId = eventually(driver -> driver.findElement(By.cssSelector("#jobs-table tbody tr")).getAttribute("data-job-id"));
        By gmp = By.cssSelector("#jobs-table tr[data-job-id='" + gmpId + "']");
        // The row is drawn again with every event: click the one drawn now.
        waitUntil(() -> {
            browser.findElement(gmp).findElement(By.cssSelector("button.cancel")).click();
            return true;
        });
        waitUntil(() -> "CANCELLED".equals(browser.findElement(gmp).getAttribute("data-status")));
        assertEquals("CANCELLED", api("/api/prune-jobs/" + gmpId).get("status").asText());
        assertEquals("true", eventually(driver -> driver.findElement(gmp).findElement(By.cssSelector("button.cancel"))
                .getAttribute("disabled")), "a finished job cannot be cancelled again");
    }

    /**
     * A short fine-tuning of the LeNet-5 (magnitude 50%, then 2 epochs on the training split): the Jobs page draws its
     * loss and accuracy against epoch while it runs, and once it has ended every point drawn is a figure one of its
     * progress events carried, in the order they came.
     */
    @Test
    void aFineTuningJobsTrainingCurvesAreDrawnAsItsEventsArriveWithTheirFigures() throws Exception {
        open("#jobs");
        waitUntil(() -> browser.findElement(By.id("stream-state")).getText().equals("live events: following /api/events"));
        HttpResponse<String> started = post("/api/prune-jobs", JSON.writeValueAsString(Map.of("modelId", lenetId,
                "method", "magnitude", "params", Map.of("sparsity", 0.5, "recovery", Map.of("finetune", Map.of("epochs", 2))))));
        assertEquals(202, started.statusCode(), started.body());
        String jobId = JSON.readTree(started.body()).get("id").asText();
        // The first training record comes seconds after the job starts (pruning, the data, then 5 s of batches):
        // long after this stream has opened.
        try (EventStream events = new EventStream(HTTP, platform.gatewayRequest("/api/events?jobId=" + jobId));
             AutoCloseable cancelUnlessEnded = () -> cancelUnlessEnded(jobId)) {
            // The chart's points are counted while the API says the job runs: the curves must grow meanwhile.
            List<Integer> whileRunning = new ArrayList<>();
            long deadline = System.nanoTime() + TRAINING.toNanos();
            while (System.nanoTime() < deadline && !FINISHED.contains(api("/api/prune-jobs/" + jobId).get("status").asText())) {
                int points = trainingPoints(jobId);
                if ("RUNNING".equals(api("/api/prune-jobs/" + jobId).get("status").asText())
                        && (whileRunning.isEmpty() || points != whileRunning.get(whileRunning.size() - 1))) {
                    whileRunning.add(points);
                }
                Thread.sleep(1000);
            }
            assertEquals("SUCCEEDED", api("/api/prune-jobs/" + jobId).get("status").asText());
            assertTrue(whileRunning.stream().filter(points -> points > 0).distinct().count() >= 2,
                    "the curves moved while the job ran: points drawn at each change " + whileRunning);

            events.await(event -> "PruneSucceeded".equals(event.type()), PAGE);
            By row = By.cssSelector("#jobs-table tr[data-job-id='" + jobId + "']");
            waitUntil(() -> "SUCCEEDED".equals(browser.findElement(row).getAttribute("data-status")));
            List<JsonNode> training = events.events().stream()
                    .filter(event -> "PruneProgressed".equals(event.type()) && !event.data().get("training").isNull())
                    .map(event -> event.data().get("training")).toList();
            assertEquals(2, training.stream().filter(record -> record.get("batch").isNull()).count(),
                    "one record per epoch's end: " + training);
            assertTrue(training.stream().anyMatch(record -> !record.get("batch").isNull()), "a reported batch: " + training);
            assertTrue(training.stream().allMatch(record -> record.get("stage").asText().equals("fine-tuning")
                    && record.get("epochs").asInt() == 2), training.toString());
            waitUntil(() -> trainingPoints(jobId) == expectedSeries(training).values().stream().mapToInt(List::size).sum());
            Map<String, List<double[]>> expected = expectedSeries(training);
            Map<String, List<double[]>> drawn = new LinkedHashMap<>();
            for (JsonNode series : chartOption("training-chart").get("series")) {
                List<double[]> points = new ArrayList<>();
                series.get("data").forEach(point -> points.add(new double[] {point.get(0).asDouble(), point.get(1).asDouble()}));
                drawn.put(series.get("name").asText(), points);
            }
            assertEquals(expected.keySet(), drawn.keySet());
            expected.forEach((name, points) -> {
                assertEquals(points.size(), drawn.get(name).size(), name);
                for (int i = 0; i < points.size(); i++) {
                    assertArrayEquals(points.get(i), drawn.get(name).get(i), 1e-12, name + ", point " + i);
                }
            });
            screenshot("jobs-training");
        }
    }

    /** A job this test leaves running would hold up the next (the pruner runs one job at a time). */
    private static void cancelUnlessEnded(String jobId) throws Exception {
        if (!FINISHED.contains(api("/api/prune-jobs/" + jobId).get("status").asText())) {
            HTTP.send(platform.gatewayRequest("/api/prune-jobs/" + jobId + "/cancel").POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    /**
     * The training chart's series as the page should draw them from {@code records} (one stage here): the loss of each
     * reported batch at its place in its epoch, of each epoch at its end, the training accuracy so far at each record,
     * the held-out accuracy after each epoch.
     */
    private static Map<String, List<double[]>> expectedSeries(List<JsonNode> records) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        String stage = records.get(0).get("stage").asText();
        List<double[]> batchLoss = new ArrayList<>();
        List<double[]> epochLoss = new ArrayList<>();
        List<double[]> trainAccuracy = new ArrayList<>();
        List<double[]> heldOut = new ArrayList<>();
        for (JsonNode record : records) {
            int epoch = record.get("epoch").asInt();
            boolean batch = !record.get("batch").isNull();
            double at = batch ? (epoch - 1) + record.get("batch").asDouble() / record.get("batches").asDouble() : epoch;
            if (batch) {
                batchLoss.add(new double[] {at, record.get("loss").asDouble()});
            } else {
                epochLoss.add(new double[] {at, record.get("loss").asDouble()});
                if (!record.get("heldOutAccuracy").isNull()) {
                    heldOut.add(new double[] {at, record.get("heldOutAccuracy").asDouble()});
                }
            }
            trainAccuracy.add(new double[] {at, record.get("trainAccuracy").asDouble()});
        }
        series.put(stage + ": batch loss", batchLoss);
        series.put(stage + ": epoch loss", epochLoss);
        series.put(stage + ": train accuracy", trainAccuracy);
        series.put(stage + ": held-out accuracy", heldOut);
        return series;
    }

    /**
     * Points of the training chart once it shows {@code jobId}, chosen in its list as soon as the job has trained. The
     * list is drawn again with every event, so it is read and chosen in one script, as a change the user makes.
     */
    private static int trainingPoints(String jobId) {
        Object shown = browser.executeScript("const list = document.getElementById('training-job');"
                + " if (![...list.options].some(option => option.value === arguments[0])) { return false; }"
                + " if (list.value !== arguments[0]) { list.value = arguments[0]; list.dispatchEvent(new Event('change')); }"
                + " return true;", jobId);
        if (!Boolean.TRUE.equals(shown)) {
            return 0;
        }
        int points = 0;
        for (JsonNode series : chartOption("training-chart").get("series")) {
            points += series.get("data").size();
        }
        return points;
    }

    /**
     * The zoo's LeNet-5 (AugMix) and its LRR CARD, registered as {@code ./cardeck up} registers the zoo: the models page
     * shows for each the card the zoo library writes from the committed manifest, word for word; an upload has none.
     */
    @Test
    void theModelsPageShowsEachZooModelsCardAsTheLibraryWritesIt() throws Exception {
        List<String> names = List.of("lenet5-augmix", "lenet5-augmix-lrr90");
        new ZooRegistration(platform.service("gateway").url(), ApiKey.parse(platform.adminKey())).register(zoo(names));
        ZooManifest committed = ZooManifest.read(REPOSITORY.resolve("models"));
        Map<String, String> ids = new HashMap<>();
        api("/api/models").forEach(model -> ids.put(model.get("name").asText(), model.get("id").asText()));
        for (String name : names) {
            String id = ids.get(name);
            open("#models/" + id);
            WebElement shown = waitUntilFound(By.cssSelector("#model-card-text[data-model-id='" + id + "']"));
            assertEquals(ModelCards.of(committed, name), shown.getAttribute("textContent"), name);
            assertEquals("card", eventually(driver -> driver.findElement(By.cssSelector(
                    "#models-table tr[data-model-id='" + id + "'] a.card-link")).getText()));
            if (name.endsWith("lrr90")) {
                screenshot("models-card");
            }
        }
        open("#models");
        waitUntil(() -> !browser.findElements(By.cssSelector("#models-table tr[data-model-id='" + lenetId + "']")).isEmpty());
        assertTrue(browser.findElements(By.cssSelector("#models-table tr[data-model-id='" + lenetId + "'] a.card-link"))
                .isEmpty(), "an upload has no card");
        assertTrue(browser.findElement(By.id("model-card")).getAttribute("hidden") != null, "no card chosen, none shown");

        open("#models/" + lenetId);
        HttpResponse<String> none = HTTP.send(platform.gatewayRequest("/api/models/" + lenetId + "/card").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, none.statusCode(), none.body());
        assertEquals("the gateway answered 404: " + JSON.readTree(none.body()).get("error").asText(),
                waitForText(By.cssSelector("#page-models .error")));
    }

    /** A folder holding the committed zoo's models of these names and a manifest of them alone. */
    private static Path zoo(List<String> names) throws IOException {
        Path folder = Files.createDirectories(home.resolve("zoo"));
        JsonNode manifest = JSON.readTree(REPOSITORY.resolve("models/manifest.json").toFile());
        ObjectNode zoo = JSON.createObjectNode();
        for (String part : List.of("models", "cards")) {
            ArrayNode entries = zoo.putArray(part);
            for (JsonNode entry : manifest.get(part)) {
                if (names.contains(entry.get("name").asText())) {
                    entries.add(entry);
                    Path file = folder.resolve(entry.get("file").asText());
                    Files.createDirectories(file.getParent());
                    Files.copy(REPOSITORY.resolve("models").resolve(entry.get("file").asText()), file);
                }
            }
        }
        JSON.writeValue(folder.resolve("manifest.json").toFile(), zoo);
        return folder;
    }

    @Test
    void theDecksPageShowsTheMembersAndAnswersAnImageAsTheApiDoes() throws Exception {
        open("#decks/" + DECK);
        waitUntil(() -> browser.findElements(By.cssSelector("#members-table tbody tr")).size() == 2);
        JsonNode deck = api("/api/decks/" + DECK);
        for (JsonNode member : deck.get("members")) {
            List<String> cells = cellTexts(By.cssSelector("#members-table tr[data-model-id='" + member.get("modelId").asText()
                    + "'] td"));
            assertEquals(List.of(member.get("modelName").asText(), member.get("domain").asText(),
                    percent(member.get("cleanAccuracy").asDouble()), percent(member.get("robustAccuracy").asDouble())), cells);
        }

        ImageDataset test = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test");
        Path png = home.resolve("test-0.png");
        writeGrayPng(test, 0, png);
        browser.findElement(By.id("try-image")).sendKeys(png.toString());
        WebElement answer = waitUntilFound(By.cssSelector("#try-answer[data-probabilities]"));
        JsonNode expected = infer(DECK, test.image(0));
        JsonNode probabilities = expected.get("outputs").get(0).get("data");
        JsonNode shown = JSON.readTree(answer.getAttribute("data-probabilities"));
        assertEquals(probabilities.size(), shown.size());
        int best = 0;
        for (int c = 0; c < probabilities.size(); c++) {
            assertEquals(probabilities.get(c).asDouble(), shown.get(c).asDouble(), 1e-5, "class " + c);
            best = probabilities.get(c).asDouble() > probabilities.get(best).asDouble() ? c : best;
        }
        assertEquals(deck.get("labels").get(best).asText(), answer.getAttribute("data-answer"));
        assertEquals(expected.get("parameters").get("members_used"), JSON.readTree(answer.getAttribute("data-members-used")));
        JsonNode distances = chartOption("distances-chart").get("series").get(0).get("data");
        for (int d = 0; d < distances.size(); d++) {
            assertEquals(expected.get("parameters").get("gate_distances").get(0).get(d).asDouble(), distances.get(d).asDouble(),
                    1e-9);
        }
        screenshot("decks");

        open("#decks/no-such-deck");
        HttpResponse<String> unknown = HTTP.send(platform.gatewayRequest("/api/decks/no-such-deck").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertEquals("the gateway answered 404: " + JSON.readTree(unknown.body()).get("error").asText(),
                waitForText(By.cssSelector("#page-decks .error")));
    }

    /**
     * A test image picked by index with fog at severity 3: the page draws it and answers as the inference API does
     * for the same image, corrupted here with the robustness library (not through the gateway's image route).
     */
    @Test
    void theTryItPanelAnswersACorruptedTestImageAsTheApiDoes() throws Exception {
        int index = 21;
        open("#decks/" + DECK);
        waitUntil(() -> browser.findElements(By.cssSelector("#members-table tbody tr")).size() == 2);
        WebElement indexInput = browser.findElement(By.id("try-index"));
        indexInput.clear();
        indexInput.sendKeys(String.valueOf(index));
        // The corruptions are offered once the page has the families.
        waitUntil(() -> {
            new Select(browser.findElement(By.id("try-corruption"))).selectByValue("fog");
            return true;
        });
        new Select(browser.findElement(By.id("try-severity"))).selectByValue("3");
        browser.findElement(By.cssSelector("#try-dataset-form button[type=submit]")).click();
        WebElement answer = waitUntilFound(By.cssSelector("#try-answer[data-true-label]"));

        ImageDataset test = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test");
        float[] fog = Corruptions.byName("fog").apply(test.image(index), test.shape(), 3, new SplittableRandom(0));
        JsonNode expected = infer(DECK, fog);
        JsonNode deck = api("/api/decks/" + DECK);
        JsonNode probabilities = expected.get("outputs").get(0).get("data");
        JsonNode shown = JSON.readTree(answer.getAttribute("data-probabilities"));
        assertEquals(probabilities.size(), shown.size());
        int best = 0;
        for (int c = 0; c < probabilities.size(); c++) {
            assertEquals(probabilities.get(c).asDouble(), shown.get(c).asDouble(), 1e-6, "class " + c);
            best = probabilities.get(c).asDouble() > probabilities.get(best).asDouble() ? c : best;
        }
        assertEquals(deck.get("labels").get(best).asText(), answer.getAttribute("data-answer"));
        assertEquals(test.classNames().get(test.label(index)), answer.getAttribute("data-true-label"));
        assertEquals(expected.get("parameters").get("members_used"), JSON.readTree(answer.getAttribute("data-members-used")));
        JsonNode distances = chartOption("distances-chart").get("series").get(0).get("data");
        JsonNode expectedDistances = expected.get("parameters").get("gate_distances").get(0);
        assertEquals(expectedDistances.size(), distances.size());
        for (int d = 0; d < distances.size(); d++) {
            assertEquals(expectedDistances.get(d).asDouble(), distances.get(d).asDouble(), 1e-9);
        }
        String figures = answer.getText();
        assertTrue(figures.contains("fashion-mnist test #" + index + ", fog at severity 3"), figures);

        // The preview is the corrupted image, each of its pixels drawn as a 4 x 4 gray square.
        @SuppressWarnings("unchecked")
        List<Long> drawn = (List<Long>) browser.executeScript("const canvas = document.getElementById('try-preview');"
                + " const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
                + " const grays = []; for (let y = 0; y < 28; y++) { for (let x = 0; x < 28; x++) {"
                + " grays.push(rgba[4 * ((4 * y + 1) * canvas.width + 4 * x + 1)]); } } return grays;");
        for (int pixel = 0; pixel < fog.length; pixel++) {
            assertEquals(Math.round(255 * fog[pixel]), drawn.get(pixel).doubleValue(), 1, "pixel " + pixel);
        }
        screenshot("decks-test-image");
    }

    /** The dashboard at {@code hash}, with the platform's key in place. */
    private static void open(String hash) {
        browser.get(dashboard);
        useKey();
        browser.get(dashboard + hash);
        browser.navigate().refresh();
    }

    private static void useKey() {
        WebElement key = browser.findElement(By.id("key-input"));
        key.clear();
        key.sendKeys(platform.adminKey());
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        waitUntil(() -> browser.findElement(By.id("key-state")).getText().startsWith("using key"));
    }

    private static void submitJob(String params) {
        WebElement text = browser.findElement(By.id("job-params"));
        text.clear();
        text.sendKeys(params);
        browser.findElement(By.cssSelector("#job-form button[type=submit]")).click();
    }

    private static JsonNode chartOption(String id) {
        Object option = ((JavascriptExecutor) browser).executeScript("const chart = echarts.getInstanceByDom("
                + "document.getElementById(arguments[0])); return chart ? JSON.stringify(chart.getOption()) : 'null';", id);
        try {
            return JSON.readTree((String) option);
        } catch (IOException e) {
            throw new AssertionError("the chart's option is not JSON: " + option, e);
        }
    }

    private static void assertPoint(double x, double y, JsonNode point) {
        assertEquals(x, point.get("value").get(0).asDouble(), 1e-12, point.toString());
        assertEquals(y, point.get("value").get(1).asDouble(), 1e-12, point.toString());
    }

    /** The chart point named as {@code model}. */
    private static JsonNode pointOf(JsonNode model, JsonNode points) {
        for (JsonNode point : points) {
            if (point.get("name").asText().equals(model.get("name").asText())) {
                return point;
            }
        }
        throw new AssertionError("no point of " + model.get("name") + " in " + points);
    }

    private static List<String> cellTexts(By cells) {
        return browser.findElements(cells).stream().map(WebElement::getText).toList();
    }

    /** As the dashboard writes a share: a percentage with two decimals. */
    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        waitUntil(PAGE, condition);
    }

    private static void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, timeout).ignoring(RuntimeException.class).until(driver -> condition.getAsBoolean());
    }

    /** What {@code read} finds, read again while it finds nothing or what it read was replaced meanwhile. */
    private static <T> T eventually(java.util.function.Function<WebDriver, T> read) {
        return new WebDriverWait(browser, PAGE).ignoring(StaleElementReferenceException.class).until(read);
    }

    private static WebElement waitUntilFound(By by) {
        return new WebDriverWait(browser, PAGE).until(driver -> driver.findElements(by).stream().findFirst().orElse(null));
    }

    private static String waitForText(By by) {
        return new WebDriverWait(browser, PAGE).until(driver -> {
            String text = driver.findElement(by).getAttribute("textContent");
            return text == null || text.isEmpty() ? null : text;
        });
    }

    /** The whole page: the window is made as tall as the page for the picture. */
    private static void screenshot(String page) throws IOException {
        Dimension window = browser.manage().window().getSize();
        long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 100, 4000)));
        try {
            Files.write(SCREENSHOTS.resolve(page + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    private static String upload(String name, byte[] onnx, List<String> labels) throws Exception {
        HttpResponse<String> response = ModelUpload.post(HTTP, platform.gatewayRequest("/api/models"),
                Map.of("metadata", JSON.writeValueAsString(Map.of("name", name, "dataset", "fashion-mnist", "labels", labels))),
                name + ".onnx", onnx);
        assertEquals(201, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    /** The model a magnitude pruning of {@code modelId} at {@code sparsity} registered, once the job has succeeded. */
    private static String prune(String modelId, double sparsity) throws Exception {
        HttpResponse<String> job = post("/api/prune-jobs", JSON.writeValueAsString(Map.of("modelId", modelId,
                "method", "magnitude", "params", Map.of("sparsity", sparsity))));
        assertEquals(202, job.statusCode(), job.body());
        return finishedJob(JSON.readTree(job.body()).get("id").asText()).get("resultModelId").asText();
    }

    private static JsonNode finishedJob(String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = api("/api/prune-jobs/" + jobId);
            if ("SUCCEEDED".equals(job.get("status").asText())) {
                return job;
            }
            assertFalse(Set.of("FAILED", "CANCELLED").contains(job.get("status").asText()), job.toString());
            Thread.sleep(1000);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    private static void succeededEvaluation(String modelId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode evaluation : api("/api/evaluations?modelId=" + modelId)) {
                if ("SUCCEEDED".equals(evaluation.get("status").asText())) {
                    return;
                }
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("no evaluation of " + modelId + " succeeded");
    }

    private static void writeGrayPng(ImageDataset images, int index, Path file) throws IOException {
        byte[] pixels = new byte[images.shape().size()];
        images.readPixels(index, pixels, 0);
        BufferedImage image = new BufferedImage(images.shape().width(), images.shape().height(), BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, images.shape().width(), images.shape().height(), pixels);
        ImageIO.write(image, "png", file.toFile());
    }

    private static JsonNode infer(String deck, float[] image) throws Exception {
        Map<String, Object> input = Map.of("name", "input", "datatype", "FP32", "shape", List.of(1, 1, 28, 28), "data", image);
        HttpResponse<String> response = post("/v2/models/" + deck + "/infer", JSON.writeValueAsString(Map.of("inputs", List.of(input))));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(platform.gatewayRequest(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(platform.gatewayRequest(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
