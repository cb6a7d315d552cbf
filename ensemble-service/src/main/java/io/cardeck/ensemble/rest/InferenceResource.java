package io.cardeck.ensemble.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.deck.CardDeck;
import io.cardeck.deck.Routing;
import io.cardeck.deck.Weighting;
import io.cardeck.ensemble.config.EnsembleConfig;
import io.cardeck.ensemble.service.DeckAnswer;
import io.cardeck.ensemble.service.DeckException;
import io.cardeck.ensemble.service.DeckRuntime;
import io.cardeck.ensemble.service.DeckService;
import io.cardeck.ensemble.service.DeckView;
import io.cardeck.ensemble.service.LoadedDeck;
import io.cardeck.ensemble.service.ServingTimes;
import io.cardeck.events.BinaryTensorData;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The Open Inference Protocol (KServe v2) over decks: a deck is a model with one FP32 input
 * {@code input} [N, C, H, W] and one output {@code probabilities} [N, classes]. The response's
 * {@code parameters} say which members answered and, in gated mode, the gate's distances.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class InferenceResource {

    private final DeckRuntime runtime;
    private final DeckService decks;
    private final EnsembleConfig config;
    private final ObjectMapper json;

    InferenceResource(DeckRuntime runtime, DeckService decks, EnsembleConfig config, ObjectMapper json) {
        this.runtime = runtime;
        this.decks = decks;
        this.config = config;
        this.json = json;
    }

    public record Status(boolean live, boolean ready) {
    }

    public record TensorMetadata(String name, String datatype, List<Integer> shape) {
    }

    public record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                                List<TensorMetadata> outputs, Map<String, Object> parameters) {
    }

    /** {@code error} says why a deck is not ready (null when it is), in the form of every refusal. */
    public record ModelReadiness(String name, boolean ready, String error) {
    }

    /** {@code parameters} (binary_data_size) when the data follows the JSON, {@code data} when it is inline. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutputTensor(String name, String datatype, List<Integer> shape, Map<String, Object> parameters,
                               float[] data) {
    }

    public record InferenceResponse(String model_name, String id, Map<String, Object> parameters,
                                    List<OutputTensor> outputs) {
    }

    @GET
    @Path("/health/live")
    public Status live() {
        return new Status(true, true);
    }

    @GET
    @Path("/health/ready")
    public Status ready() {
        return new Status(true, true);
    }

    @GET
    @Path("/models/{deck}")
    public ModelMetadata metadata(@RestPath String deck) {
        DeckView view = decks.describe(deck);
        List<Integer> input = new ArrayList<>(List.of(-1));
        input.addAll(view.inputShape());
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("gating", view.gating());
        parameters.put("domains", view.domains());
        parameters.put("members", view.members());
        parameters.put("labels", view.labels());
        return new ModelMetadata(view.name(), List.of("1"), "cardeck-deck",
                List.of(new TensorMetadata(InferenceInput.INPUT, InferenceInput.DATATYPE, input)),
                List.of(new TensorMetadata(InferenceInput.OUTPUT, InferenceInput.DATATYPE, List.of(-1, view.labels().size()))),
                parameters);
    }

    /** 200 when the deck can answer now; 503 with the reason when it cannot (e.g. single mode before any evaluation). */
    @GET
    @Path("/models/{deck}/ready")
    public Response modelReady(@RestPath String deck) {
        Optional<String> notReady = runtime.deck(deck).deck().notReadyReason();
        if (notReady.isPresent()) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(new ModelReadiness(deck, false, notReady.get())).build();
        }
        return Response.ok(new ModelReadiness(deck, true, null)).build();
    }

    /**
     * Class probabilities of a batch. The input comes as JSON, or as binary after a JSON header
     * ({@value BinaryTensorData#HEADER}); the probabilities go back binary when the request asks for it.
     * A worker thread reads and routes the request; none waits for its batch (see {@link DeckRuntime#infer}).
     */
    @POST
    @Path("/models/{deck}/infer")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Blocking
    public CompletionStage<Response> infer(@RestPath String deck, @RestHeader(BinaryTensorData.HEADER) String headerLength,
                                           InputStream body) throws IOException {
        long start = System.nanoTime();
        LoadedDeck loaded = runtime.deck(deck);
        InferenceInput input = InferenceInput.read(body, headerLength(headerLength), loaded.deck().inputShape(),
                config.maxRequestImages());
        long read = System.nanoTime() - start;
        return runtime.infer(loaded, input.images(), input.count()).thenApply(answer -> respond(deck, input, answer, read));
    }

    private Response respond(String deck, InferenceInput input, DeckAnswer answer, long readNanos) {
        List<Integer> shape = List.of(input.count(), answer.deck().classes());
        if (!input.binaryOutput()) {
            return Response.ok(new InferenceResponse(deck, input.id(), parameters(answer),
                    List.of(new OutputTensor(InferenceInput.OUTPUT, InferenceInput.DATATYPE, shape, null, answer.probabilities()))),
                    MediaType.APPLICATION_JSON_TYPE).header(ServingTimes.HEADER, answer.times().header(readNanos, 0)).build();
        }
        long writing = System.nanoTime();
        float[] probabilities = answer.probabilities();
        byte[] header;
        try {
            header = json.writeValueAsBytes(new InferenceResponse(deck, input.id(), parameters(answer),
                    List.of(new OutputTensor(InferenceInput.OUTPUT, InferenceInput.DATATYPE, shape,
                            Map.of("binary_data_size", probabilities.length * Float.BYTES), null))));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        byte[] binary = BinaryTensorData.body(header, probabilities);
        return Response.ok(binary, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(BinaryTensorData.HEADER, header.length)
                .header(ServingTimes.HEADER, answer.times().header(readNanos, System.nanoTime() - writing)).build();
    }

    private static OptionalInt headerLength(String value) {
        try {
            return BinaryTensorData.headerLength(value);
        } catch (IllegalArgumentException e) {
            throw DeckException.invalid(e.getMessage());
        }
    }

    private static Map<String, Object> parameters(DeckAnswer answer) {
        CardDeck deck = answer.deck();
        Routing routing = answer.routing();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("mode", deck.gating().mode().wireName());
        parameters.put("members_used", routing.cardsUsed().stream().map(i -> deck.cards().get(i).modelId()).toList());
        double[][] distances = routing.distances();
        if (distances.length > 0) {
            parameters.put("granularity", deck.gating().granularity().wireName());
            parameters.put("domains", routing.domains());
            parameters.put("gate_distances", distances);
            long[] masks = routing.cardMasks();
            List<List<String>> chosen = new ArrayList<>();
            for (long mask : masks) {
                List<String> domains = new ArrayList<>();
                for (int i = 0; i < deck.cards().size(); i++) {
                    String domain = deck.cards().get(i).domain();
                    if ((mask & (1L << i)) != 0 && !domains.contains(domain)) {
                        domains.add(domain);
                    }
                }
                chosen.add(domains);
            }
            parameters.put("chosen_domains", chosen);
            if (deck.gating().weighting() == Weighting.SOFT) {
                parameters.put("domain_weights", domainWeights(deck, routing, distances.length));
            }
        }
        return parameters;
    }

    /** Each distance row's weight of each domain (its cards' weights summed), in the order of the domains. */
    private static double[][] domainWeights(CardDeck deck, Routing routing, int rows) {
        List<String> domains = routing.domains();
        double[][] weights = new double[rows][domains.size()];
        for (int row = 0; row < rows; row++) {
            for (int card = 0; card < deck.cards().size(); card++) {
                weights[row][domains.indexOf(deck.cards().get(card).domain())] += routing.weight(row, card);
            }
        }
        return weights;
    }
}
