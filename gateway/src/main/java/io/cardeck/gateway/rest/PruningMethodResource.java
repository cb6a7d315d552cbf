package io.cardeck.gateway.rest;

import io.cardeck.gateway.service.UnknownIdException;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDocumentation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The pruning methods a prune job can ask for, from the pruning library's catalog: the same
 * declarations that validate a request's parameters describe them here.
 */
@Path("/api/pruning-methods")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Pruning methods", description = "What each method does and the parameters it accepts")
public class PruningMethodResource {

    @GET
    @Operation(summary = "Every pruning method",
            description = "Each method's name, kind (unstructured, structured, iterative, gradual), whether it trains"
                    + " (a long job), what it does, and its parameters as JSON Schema (2020-12) with descriptions,"
                    + " defaults, ranges, enumerations and the required ones; unknown parameters are refused. Every"
                    + " method also accepts 'recovery' (BatchNorm recalibration, fine-tuning).")
    @APIResponse(responseCode = "200",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = MethodDocumentation.class)))
    public List<MethodDocumentation> list() {
        return MethodDocumentation.all();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One pruning method")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MethodDocumentation.class)))
    @APIResponse(responseCode = "404", description = "No method of this name (the answer lists the methods)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public MethodDocumentation get(@Parameter(description = "method name, e.g. magnitude") @RestPath String name) {
        try {
            return MethodDocumentation.of(MethodCatalog.byName(name));
        } catch (InvalidParameterException e) {
            // As a path, an unknown name is a resource that does not exist, not an invalid request.
            throw new UnknownIdException(e.getMessage());
        }
    }
}
