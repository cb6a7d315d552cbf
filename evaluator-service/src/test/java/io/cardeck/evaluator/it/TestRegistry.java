package io.cardeck.evaluator.it;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Stands in for the pruner-service's model registry in the integration tests (test code, so part of the
 * application only under test): {@code GET /test-registry/models/{id}/onnx} serves what a test put, 404
 * otherwise, as the real registry answers; 503 while a test makes it unavailable.
 */
@Path(TestRegistry.PATH + "/models")
@ApplicationScoped
public class TestRegistry {

    static final String PATH = "/test-registry";

    private final Map<String, byte[]> models = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> unavailableFor = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    void put(UUID modelId, byte[] onnx) {
        models.put(modelId.toString(), onnx.clone());
    }

    /** Answers 503 to the next {@code requests} requests for {@code modelId}, as a registry that is restarting. */
    void unavailableFor(UUID modelId, int requests) {
        unavailableFor.put(modelId.toString(), new AtomicInteger(requests));
    }

    /** Requests received for {@code modelId}. */
    int requests(UUID modelId) {
        AtomicInteger count = requests.get(modelId.toString());
        return count == null ? 0 : count.get();
    }

    @GET
    @Path("/{id}/onnx")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response onnx(@RestPath String id) {
        requests.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
        AtomicInteger unavailable = unavailableFor.get(id);
        if (unavailable != null && unavailable.getAndDecrement() > 0) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
        }
        byte[] onnx = models.get(id);
        if (onnx == null) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                    .entity("{\"error\": \"no model " + id + "\"}").build();
        }
        return Response.ok(onnx).build();
    }
}
