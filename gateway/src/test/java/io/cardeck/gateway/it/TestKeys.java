package io.cardeck.gateway.it;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** The admin key the gateway's tests configure ({@code cardeck.gateway.admin-key}), and requests that send it. */
final class TestKeys {

    static final String ADMIN = "cdk_gatewayTestAdminKey_0123456789abcdefghijklm";
    static final String ADMIN_BEARER = "Bearer " + ADMIN;

    private TestKeys() {
    }

    /** A request as the tests' admin. */
    static RequestSpecification asAdmin() {
        return given().header("Authorization", ADMIN_BEARER);
    }
}
