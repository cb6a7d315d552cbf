package io.cardeck.ensemble.rest;

import io.cardeck.deck.CardDeck;
import io.cardeck.deck.DeckMode;
import io.cardeck.deck.Routing;
import io.cardeck.ensemble.config.EnsembleConfig;
import io.cardeck.ensemble.service.DeckAnswer;
import io.cardeck.ensemble.service.DeckRuntime;
import io.cardeck.ensemble.service.DeckService;
import io.cardeck.ensemble.service.DeckView;
import io.cardeck.ensemble.service.LoadedDeck;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    InferenceResource(DeckRuntime runtime, DeckService decks, EnsembleConfig config) {
        this.runtime = runtime;
        this.decks = decks;
        this.config = config;
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

    public record OutputTensor(String name, String datatype, List<Integer> shape, float[] data) {
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
        LoadedDeck loaded = runtime.deck(deck);
        CardDeck cardDeck = loaded.deck();
        if (cardDeck.gating().mode() == DeckMode.SINGLE
                && cardDeck.cards().stream().noneMatch(card -> card.robustAccuracy().isPresent())) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(new ModelReadiness(deck, false, "single mode needs a member with a completed evaluation")).build();
        }
        return Response.ok(new ModelReadiness(deck, true, null)).build();
    }

    @POST
    @Path("/models/{deck}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    public InferenceResponse infer(@RestPath String deck, InputStream body) throws IOException {
        CardDeck cardDeck = runtime.deck(deck).deck();
        InferenceInput input = InferenceInput.read(body, cardDeck.inputShape(), config.maxRequestImages());
        DeckAnswer answer = runtime.infer(deck, input.images(), input.count());
        return new InferenceResponse(deck, input.id(), parameters(answer),
                List.of(new OutputTensor(InferenceInput.OUTPUT, InferenceInput.DATATYPE,
                        List.of(input.count(), answer.deck().classes()), answer.probabilities())));
    }

    private static Map<String, Object> parameters(DeckAnswer answer) {
        CardDeck deck = answer.deck();
        Routing routing = answer.routing();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("mode", deck.gating().mode().wireName());
        parameters.put("members_used", routing.cardsUsed().stream().map(i -> deck.cards().get(i).modelId()).toList());
        if (routing.distances().length > 0) {
            parameters.put("granularity", deck.gating().granularity().wireName());
            parameters.put("domains", routing.domains());
            parameters.put("gate_distances", routing.distances());
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
        }
        return parameters;
    }
}
