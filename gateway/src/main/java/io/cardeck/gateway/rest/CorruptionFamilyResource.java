package io.cardeck.gateway.rest;

import io.cardeck.robustness.corruption.CorruptionFamily;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The groups the corruptions of an evaluation are reported in, from the robustness library, so that
 * a client (the dashboard's per-family bars) groups cells as the reports do.
 */
@Path("/api/corruption-families")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Evaluations")
public class CorruptionFamilyResource {

    /** @param corruptions the corruption names of an evaluation's cells that belong to the family */
    public record Family(String family, List<String> corruptions) {
    }

    @GET
    @Operation(summary = "The corruption families (noise, blur, weather, digital) and their corruptions, in report order")
    public List<Family> list() {
        return Arrays.stream(CorruptionFamily.values()).map(f -> new Family(f.label(), f.corruptions())).toList();
    }
}
