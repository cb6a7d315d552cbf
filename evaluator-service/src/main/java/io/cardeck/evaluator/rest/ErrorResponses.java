package io.cardeck.evaluator.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * The service's one exception mapper: every error is JSON {@code {"error": "..."}}. Client errors keep
 * their status and message; anything unexpected is a 500 whose details stay in the log.
 */
@Provider
public class ErrorResponses implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    /** The body of every error answer. */
    public record ErrorBody(String error) {}

    @Override
    public Response toResponse(Exception exception) {
        if (exception instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return body(web.getResponse().getStatus(), web.getMessage());
        }
        LOG.error("request failed", exception);
        return body(Response.Status.INTERNAL_SERVER_ERROR.getStatusCode(), "internal error; see the evaluator-service log");
    }

    private static Response body(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message)).build();
    }
}
