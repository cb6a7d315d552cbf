package io.cardeck.pruner;

import static io.restassured.RestAssured.given;

/** Reads one series from the Prometheus endpoint. */
final class Metrics {

    private Metrics() {
    }

    /** The value of {@code name} with these method and outcome tags; 0 when the series does not exist yet. */
    static double value(String name, String method, String outcome) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("method=\"" + method + "\"")
                    && line.contains("outcome=\"" + outcome + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
