package io.cardeck.ensemble.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.cardeck.ensemble.service.DeckException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The service's one mapping from failures to answers: JSON {@code {"error": "..."}} (also the Open
 * Inference Protocol's error form). Refused requests keep their status and message; anything
 * unexpected is a 500 whose details stay in the log.
 */
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    /** The body of every error answer. */
    public record ErrorBody(String error) {}

    @ServerExceptionMapper
    public RestResponse<ErrorBody> refused(DeckException e) {
        return error(e.status(), e.getMessage());
    }

    /** A body that is not JSON, or JSON of the wrong shape (an array where an object belongs, text for a number). */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> unreadable(JsonProcessingException e) {
        return error(Status.BAD_REQUEST.getStatusCode(), "the request body is not valid JSON of the expected form: "
                + e.getOriginalMessage());
    }

    /** Declared apart: Quarkus maps this subtype itself (to an empty 400) unless a mapper names it. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    /** What the HTTP layer refuses itself: unknown paths, wrong methods or content types, unreadable bodies. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        if (e.getResponse().getStatus() >= 500) {
            LOG.error("request failed", e);
        }
        return error(e.getResponse().getStatus(), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unexpected(RuntimeException e) {
        LOG.error("request failed", e);
        return error(Status.INTERNAL_SERVER_ERROR.getStatusCode(), "internal error (" + e.getClass().getSimpleName()
                + "); the ensemble-service's log has the details");
    }

    private static RestResponse<ErrorBody> error(int status, String message) {
        return RestResponse.ResponseBuilder.<ErrorBody>create(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(message))
                .build();
    }
}
