package io.cardeck.gateway.rest;

import io.cardeck.gateway.service.DatasetImage;
import io.cardeck.gateway.service.DatasetImages;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Images of the datasets the gateway's machine has, for trying a deck on a known, optionally corrupted image. */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Datasets", description = "Images of the installed datasets, optionally corrupted")
public class DatasetResource {

    private final DatasetImages images;

    public DatasetResource(DatasetImages images) {
        this.images = images;
    }

    @GET
    @Path("{dataset}/images/{index}")
    @Operation(summary = "One image of a dataset split, optionally corrupted",
            description = "The image as a deck takes it (shape [C, H, W], channel-planar values in [0, 1], ready for"
                    + " POST /v2/models/{deck}/infer) with its true label; with a corruption and severity, corrupted"
                    + " by the robustness library's corruption, as `cardeck infer --corruption` corrupts it (the same seed gives the"
                    + " same image).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DatasetImage.class)))
    @APIResponse(responseCode = "400", description = "An unknown or uninstalled dataset, an unknown split or corruption,"
            + " an index outside the split, a severity outside 1 to 5, or a corruption without a severity or the other"
            + " way round", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public DatasetImage image(@Parameter(description = "fashion-mnist, mnist or cifar10") @RestPath String dataset,
                              @Parameter(description = "from 0") @RestPath String index,
                              @Parameter(description = "train or test (default)") @RestQuery String split,
                              @Parameter(description = "a corruption name, see GET /api/corruption-families") @RestQuery String corruption,
                              @Parameter(description = "1 to 5, with a corruption") @RestQuery String severity,
                              @Parameter(description = "of the random corruptions; default 0") @RestQuery String seed) {
        return images.image(dataset, split, index, corruption, severity, seed);
    }
}
