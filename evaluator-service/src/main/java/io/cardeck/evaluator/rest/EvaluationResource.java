package io.cardeck.evaluator.rest;

import io.cardeck.evaluator.service.EvaluationService;
import io.cardeck.evaluator.service.IdText;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Reads evaluations: {@code GET /evaluations?modelId=} and {@code GET /evaluations/{id}}. */
@Path("/evaluations")
@Produces(MediaType.APPLICATION_JSON)
public class EvaluationResource {

    private final EvaluationService evaluations;

    EvaluationResource(EvaluationService evaluations) {
        this.evaluations = evaluations;
    }

    /** The evaluations of {@code modelId} (all evaluations without it), newest first, without cells. */
    @GET
    public List<EvaluationView> list(@RestQuery String modelId) {
        UUID model = modelId == null ? null : id(modelId, "a model");
        return evaluations.list(model).stream().map(EvaluationView::summary).toList();
    }

    /** One evaluation with all its cells; 404 when unknown. */
    @GET
    @Path("/{id}")
    public EvaluationView get(@RestPath String id) {
        UUID evaluationId = id(id, "an evaluation");
        return evaluations.find(evaluationId).map(EvaluationView::detailed)
                .orElseThrow(() -> new NotFoundException("no evaluation " + evaluationId));
    }

    private static UUID id(String text, String what) {
        try {
            return IdText.parse(text, what);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage(), e);
        }
    }
}
