package io.cardeck.ensemble.it;

import io.cardeck.onnx.ModelDigest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Stands in for the pruner-service's model registry in the integration tests (test code, so part of
 * the application only under test): serves the description and bytes of what a test registered, 404
 * otherwise, as the real registry answers.
 */
@Path(TestRegistry.PATH + "/models")
@ApplicationScoped
public class TestRegistry {

    static final String PATH = "/test-registry";

    public record Description(String id, String name, String dataset, List<String> labels, String sha256,
                              List<Integer> inputShape) {
    }

    private record Entry(Description description, byte[] onnx) {
    }

    private final Map<String, Entry> models = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> onnxFetches = new ConcurrentHashMap<>();

    /** Registers {@code onnx} under a new id, with the given labels and input shape. */
    UUID register(String name, byte[] onnx, List<String> labels, List<Integer> inputShape) {
        UUID id = UUID.randomUUID();
        models.put(id.toString(), new Entry(new Description(id.toString(), name, "fashion-mnist", List.copyOf(labels),
                ModelDigest.sha256(onnx), List.copyOf(inputShape)), onnx.clone()));
        return id;
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response describe(@RestPath String id) {
        Entry entry = models.get(id);
        return entry == null ? notFound(id) : Response.ok(entry.description()).build();
    }

    /** How often the bytes of {@code id} were fetched. */
    int onnxFetches(UUID id) {
        AtomicInteger fetches = onnxFetches.get(id.toString());
        return fetches == null ? 0 : fetches.get();
    }

    @GET
    @Path("/{id}/onnx")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response onnx(@RestPath String id) {
        onnxFetches.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
        Entry entry = models.get(id);
        return entry == null ? notFound(id) : Response.ok(entry.onnx()).build();
    }

    private static Response notFound(String id) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                .entity("{\"error\": \"no model " + id + "\"}").build();
    }
}
