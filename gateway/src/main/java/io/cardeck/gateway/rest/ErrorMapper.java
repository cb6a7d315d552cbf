package io.cardeck.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cardeck.gateway.client.PeerException;
import io.cardeck.gateway.messaging.BrokerUnavailableException;
import io.cardeck.gateway.service.IdempotencyConflictException;
import io.cardeck.gateway.service.InvalidInputException;
import io.cardeck.gateway.service.NotReplayableException;
import io.cardeck.gateway.service.TooManySubscribersException;
import io.cardeck.gateway.service.TooManyUploadsException;
import io.cardeck.gateway.service.UnknownIdException;
import io.cardeck.gateway.service.UnsupportedModelException;
import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.outbox.quarkus.DatabaseOutage;
import io.cardeck.pruning.InvalidParameterException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The gateway's one mapping from failures to answers: {@code {"error": "..."}} with 400 invalid,
 * 404 unknown, 413 too large, 415 not ONNX, 422 unsupported model or a dead letter that cannot be replayed, 429 too many uploads at once (with
 * Retry-After), 503 a peer service, Kafka or the database unavailable or
 * the event stream full,
 * a peer's own refusal passed on, and 500 for the gateway's own faults.
 */
public class ErrorMapper {

    /** What a request that needs the database is answered while it cannot be reached (503). */
    static final String DATABASE_UNREACHABLE = "the gateway's database is unreachable at the moment; nothing was"
            + " stored; try again shortly";
    static final String DATABASE_RETRY_AFTER = "5";

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalid(InvalidInputException e) {
        return error(Status.BAD_REQUEST.getStatusCode(), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidParameter(InvalidParameterException e) {
        return error(Status.BAD_REQUEST.getStatusCode(), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unknown(UnknownIdException e) {
        return error(Status.NOT_FOUND.getStatusCode(), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> refusedModel(OnnxFormatException e) {
        return error(statusOf(e.reason()), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unsupportedModel(UnsupportedModelException e) {
        return error(422, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> notReplayable(NotReplayableException e) {
        return error(422, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> idempotencyConflict(IdempotencyConflictException e) {
        return error(422, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> tooManySubscribers(TooManySubscribersException e) {
        return error(Status.SERVICE_UNAVAILABLE.getStatusCode(), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> tooManyUploads(TooManyUploadsException e) {
        return RestResponse.ResponseBuilder.<ErrorBody>create(429)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", Long.toString(e.retryAfter().toSeconds()))
                .entity(new ErrorBody(e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> brokerUnavailable(BrokerUnavailableException e) {
        LOG.warn(e.logDetail());
        return error(Status.SERVICE_UNAVAILABLE.getStatusCode(), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> peer(PeerException e) {
        if (e.status() >= 500) {
            LOG.warn(e.logDetail());
        }
        return error(e.status(), e.getMessage());
    }

    /** What the HTTP layer refuses itself: unknown paths, wrong methods or content types, unreadable JSON. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return error(Status.BAD_REQUEST.getStatusCode(), "the request body is not valid JSON: "
                    + json.getOriginalMessage());
        }
        return error(e.getResponse().getStatus(), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unexpected(RuntimeException e) {
        if (DatabaseOutage.isCauseOf(e)) {
            LOG.warnf("request refused: the database is unreachable (%s)", e.getMessage());
            return RestResponse.ResponseBuilder.<ErrorBody>create(Status.SERVICE_UNAVAILABLE.getStatusCode())
                    .type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", DATABASE_RETRY_AFTER)
                    .entity(new ErrorBody(DATABASE_UNREACHABLE)).build();
        }
        LOG.error("request failed", e);
        return error(Status.INTERNAL_SERVER_ERROR.getStatusCode(), "internal error (" + e.getClass().getSimpleName()
                + "); the gateway's log has the details");
    }

    /** 413 too large, 415 not an ONNX model at all, 422 an ONNX model cardeck cannot use. */
    static int statusOf(OnnxFormatException.Reason reason) {
        return switch (reason) {
            case TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode();
            case NOT_ONNX, TRUNCATED -> Status.UNSUPPORTED_MEDIA_TYPE.getStatusCode();
            case EXTERNAL_DATA, NO_OPSET, NO_INPUTS, NO_OUTPUTS, INVALID_GRAPH, INVALID_TENSOR, INVALID_METADATA,
                    UNSUPPORTED_INPUT, REJECTED_BY_RUNTIME, UNSUPPORTED_OPERATOR, LOCAL_FUNCTIONS, WEIGHTS_TOO_LARGE,
                    ALLOCATION_TOO_LARGE, UNBOUNDED_ALLOCATION, RUNTIME_TIMEOUT -> 422;
        };
    }

    private static RestResponse<ErrorBody> error(int status, String message) {
        return RestResponse.ResponseBuilder.<ErrorBody>create(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(message))
                .build();
    }
}
