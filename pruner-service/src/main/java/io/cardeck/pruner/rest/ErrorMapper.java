package io.cardeck.pruner.rest;

import io.cardeck.pruner.service.RejectedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import org.jboss.logging.Logger;

/** Every error of the REST API as {@code {"error": "..."}} with the status that says what was wrong. */
@Provider
public class ErrorMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Exception exception) {
        if (exception instanceof RejectedException rejected) {
            return error(status(rejected), rejected.getMessage());
        }
        if (exception instanceof WebApplicationException web) {
            // Unknown paths, wrong methods or media types, bodies over the HTTP limit.
            return error(web.getResponse().getStatus(), web.getMessage());
        }
        LOG.error("request failed", exception);
        return error(500, "internal error: " + exception.getClass().getSimpleName());
    }

    static int status(RejectedException rejected) {
        switch (rejected.rejection()) {
            case INVALID:
                return 400;
            case UNKNOWN:
                return 404;
            case CONFLICT:
                return 409;
            case TOO_LARGE:
                return 413;
            case NOT_ONNX:
                return 415;
            default:
                return 422;
        }
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }
}
