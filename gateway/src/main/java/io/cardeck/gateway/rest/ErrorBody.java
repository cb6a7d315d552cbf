package io.cardeck.gateway.rest;

/** Every error the gateway answers: {@code {"error": "..."}}. */
public record ErrorBody(String error) {
}
