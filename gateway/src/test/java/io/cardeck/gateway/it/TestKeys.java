package io.cardeck.gateway.it;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/**
 * The admin and metrics keys the gateway's tests configure ({@code cardeck.gateway.admin-key},
 * {@code cardeck.gateway.metrics-key}), and requests that send the admin's.
 */
final class TestKeys {

    static final String ADMIN = "cdk_gatewayTestAdminKey_0123456789abcdefghijklm";
    static final String ADMIN_BEARER = "Bearer " + ADMIN;
    static final String METRICS = "cdk_gatewayTestMetricsKey_0123456789abcdefghijk";

    private TestKeys() {
    }

    /** A request as the tests' admin. */
    static RequestSpecification asAdmin() {
        return given().header("Authorization", ADMIN_BEARER);
    }
}
