package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.events.BinaryTensorData;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Sends one image to a deck through the gateway's inference API (binary tensor data) and prints the"
                + " class, the members that answered and the gate's distance to each domain.",
                "The image is a PNG file (of the deck's height and width; turned to gray or RGB as the deck takes) or a"
                        + " test image of a dataset, optionally corrupted here first.",
                "With --save-request FILE it sends nothing: it writes the request it would send, to post with curl or"
                        + " any client (FILE.json: the protocol's JSON, the image as numbers; FILE.bin: binary tensor"
                        + " data, and it prints the header length the request needs).",
                "Example: cardeck infer --deck my-deck --dataset fashion-mnist --index 7 --corruption fog --severity 3"})
final class InferCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    PlatformOptions platform;

    @Option(names = "--deck", paramLabel = "NAME", description = "The deck's name (needed unless --save-request).")
    String deck;

    @Option(names = "--save-request", paramLabel = "FILE",
            description = "Write the inference request for the --dataset image to FILE (.json or .bin) instead of sending it.")
    Path saveRequest;

    @Option(names = "--image", paramLabel = "PNG", description = "A PNG image.")
    Path image;

    @Option(names = "--dataset", paramLabel = "NAME-OR-DIR",
            description = "Take the image from a dataset instead: " + DatasetCatalog.FASHION_MNIST + ", " + DatasetCatalog.MNIST
                    + ", " + DatasetCatalog.CIFAR10 + " or a directory.")
    String dataset;

    @Option(names = "--split", defaultValue = "test", description = "The dataset's split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--index", paramLabel = "N", description = "The image's index in the split, from 0 (with --dataset).")
    Integer index;

    @Option(names = "--corruption", paramLabel = "NAME",
            description = "Corrupt the image first (see `cardeck corruptions list`); needs --severity.")
    String corruption;

    @Option(names = "--severity", paramLabel = "S", description = "The corruption's severity, 1 to 5.")
    Integer severity;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED",
            description = "Seed of the random corruptions (noise, ...) (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The input as the command read it: CHW floats in [0, 1] or a decoded PNG still to be fitted to the deck. */
    private record Source(String description, float[] pixels, ImageShape shape, BufferedImage png, Integer label,
                          List<String> classNames) {
    }

    /** What the deck answered for the image. */
    record Answer(String deck, String image, String corruption, Integer severity, Integer trueClass, String trueLabel,
                  int predictedClass, String predictedLabel, double probability, String mode, List<String> membersUsed,
                  List<String> chosenDomains, Map<String, Double> gateDistances, float[] probabilities) {
    }

    @Override
    public void run() {
        Source source = source();
        Corruption chosen = corruption();
        if (saveRequest != null) {
            save(source, chosen);
            return;
        }
        if (deck == null) {
            throw usage("give the deck to ask: --deck NAME (or --save-request FILE to write the request instead)");
        }
        GatewayClient gateway = platform.gateway();
        JsonNode metadata = gateway.deckMetadata(deck);
        ImageShape deckShape = deckShape(metadata);
        float[] pixels = source.png() != null ? PngPixels.fit(source.png(), deckShape, source.description())
                : source.pixels();
        ImageShape shape = source.png() != null ? deckShape : source.shape();
        if (!shape.equals(deckShape)) {
            throw new IllegalStateException(source.description() + " is " + shape + " but deck " + deck + " takes "
                    + deckShape + " images");
        }
        pixels = corrupted(pixels, shape, chosen);
        GatewayClient.Inference inference = gateway.infer(deck, pixels, 1, shape);
        Output.print(spec, platform.json, answer(source, metadata, inference), InferCommand::render);
    }

    /** Writes the request for a dataset image, corrupted as asked; the dataset gives its shape, no deck is asked. */
    private void save(Source source, Corruption chosen) {
        if (source.png() != null) {
            throw usage("--save-request takes the image from --dataset NAME --index N: a PNG is fitted to a deck's input,"
                    + " which only --deck can say");
        }
        String file = saveRequest.getFileName().toString();
        if (!file.endsWith(".json") && !file.endsWith(".bin")) {
            throw usage("--save-request " + saveRequest + " names neither encoding: end it in .json (the image as numbers)"
                    + " or .bin (binary tensor data)");
        }
        InferenceRequest request = new InferenceRequest(corrupted(source.pixels(), source.shape(), chosen), 1, source.shape());
        byte[] bytes = file.endsWith(".json") ? request.json().getBytes(StandardCharsets.UTF_8) : request.binaryBody();
        try {
            Files.write(saveRequest, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + saveRequest + ": " + e.getMessage(), e);
        }
        String how = file.endsWith(".json") ? "-H 'Content-Type: application/json'"
                : "-H 'Content-Type: application/octet-stream' -H '" + BinaryTensorData.HEADER + ": " + request.header().length + "'";
        spec.commandLine().getOut().printf("wrote %s (%s, %,d bytes); post it with: curl %s --data-binary @%s"
                + " <gateway>/v2/models/<deck>/infer%n", saveRequest, source.description(), bytes.length, how, saveRequest);
    }

    /** The image with the chosen corruption applied; the image itself when none is chosen. */
    private float[] corrupted(float[] pixels, ImageShape shape, Corruption chosen) {
        if (chosen == null) {
            return pixels;
        }
        if (!chosen.definedFor(shape.channels())) {
            throw usage(chosen.name() + " is not defined for images with " + shape.channels() + " channel(s), as the image"
                    + " has; see `cardeck corruptions list`");
        }
        return chosen.apply(pixels, shape, severity, new SplittableRandom(seed));
    }

    private Source source() {
        if ((image == null) == (dataset == null)) {
            throw usage("give the image: either --image PNG or --dataset NAME --index N (one of them)");
        }
        if (image != null) {
            if (index != null) {
                throw usage("--index picks an image of --dataset; with --image PNG leave it out");
            }
            return new Source(image.toString(), null, null, png(), null, null);
        }
        if (index == null) {
            throw usage("--dataset needs --index N: the image's index in its " + split + " split, from 0");
        }
        ImageDataset images;
        try {
            images = DatasetCatalog.open(dataset).split(split);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (index < 0 || index >= images.size()) {
            throw usage("--index " + index + " is outside " + images.name() + ": accepted 0 to " + (images.size() - 1));
        }
        int label = images.label(index);
        return new Source(images.name() + "[" + index + "]", images.image(index), images.shape(), null, label,
                images.classNames());
    }

    private BufferedImage png() {
        byte[] bytes = ModelsCommand.read(spec, image, "a PNG image");
        try {
            BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            if (decoded != null) {
                return decoded;
            }
        } catch (IOException e) {
            // answered below, with what is accepted
        }
        throw usage("--image " + image + " is not an image Java can decode; give a PNG file");
    }

    /** The corruption to apply; null when none is asked for. */
    private Corruption corruption() {
        if (corruption == null && severity == null) {
            return null;
        }
        if (corruption == null) {
            throw usage("--severity needs --corruption NAME; accepted: " + String.join(", ", Corruptions.names()));
        }
        if (severity == null) {
            throw usage("--corruption needs --severity S, from " + Corruption.MIN_SEVERITY + " to " + Corruption.MAX_SEVERITY);
        }
        Corruption named;
        try {
            named = Corruptions.byName(corruption);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (severity < Corruption.MIN_SEVERITY || severity > Corruption.MAX_SEVERITY) {
            throw usage("--severity must be from " + Corruption.MIN_SEVERITY + " to " + Corruption.MAX_SEVERITY + ", got "
                    + severity);
        }
        return named;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** [C, H, W] of the deck's input, from its Open Inference Protocol metadata ([-1, C, H, W]). */
    private ImageShape deckShape(JsonNode metadata) {
        JsonNode shape = metadata.path("inputs").path(0).path("shape");
        if (shape.size() != 4) {
            throw new IllegalStateException("GET /v2/models/" + deck + " answered an input shape that is not [N, C, H, W]: "
                    + shape);
        }
        return new ImageShape(shape.get(1).asInt(), shape.get(2).asInt(), shape.get(3).asInt());
    }

    private Answer answer(Source source, JsonNode metadata, GatewayClient.Inference inference) {
        float[] probabilities = inference.probabilities();
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        List<String> labels = new ArrayList<>();
        metadata.path("parameters").path("labels").forEach(label -> labels.add(label.asText()));
        JsonNode parameters = inference.response().path("parameters");
        List<String> used = new ArrayList<>();
        parameters.path("members_used").forEach(member -> used.add(member.asText()));
        List<String> chosenDomains = new ArrayList<>();
        parameters.path("chosen_domains").path(0).forEach(domain -> chosenDomains.add(domain.asText()));
        Map<String, Double> distances = new LinkedHashMap<>();
        JsonNode domains = parameters.path("domains");
        for (int d = 0; d < domains.size(); d++) {
            distances.put(domains.get(d).asText(), parameters.path("gate_distances").path(0).path(d).asDouble());
        }
        Integer trueClass = source.label();
        return new Answer(deck, source.description(), corruption, severity, trueClass,
                trueClass == null ? null : source.classNames().get(trueClass), best, best < labels.size() ? labels.get(best) : null,
                probabilities[best], parameters.path("mode").asText(), used, chosenDomains, distances, probabilities);
    }

    private static String render(Answer answer) {
        StringBuilder text = new StringBuilder(String.format("%s%s -> deck %s (%s): class %d %s, probability %.4f%n",
                answer.image(), answer.corruption() == null ? "" : " with " + answer.corruption() + " at severity "
                        + answer.severity(), answer.deck(), answer.mode(), answer.predictedClass(),
                answer.predictedLabel() == null ? "" : "(" + answer.predictedLabel() + ")", answer.probability()));
        if (answer.trueClass() != null) {
            text.append(String.format("true class %d (%s): %s%n", answer.trueClass(), answer.trueLabel(),
                    answer.trueClass() == answer.predictedClass() ? "right" : "wrong"));
        }
        text.append("members used: ").append(String.join(", ", answer.membersUsed())).append(System.lineSeparator());
        if (!answer.gateDistances().isEmpty()) {
            text.append("gate distances:");
            answer.gateDistances().forEach((domain, distance) -> text.append(String.format(" %s %.4f", domain, distance)));
            text.append("; chosen: ").append(String.join(", ", answer.chosenDomains())).append(System.lineSeparator());
        }
        return text.toString();
    }
}
