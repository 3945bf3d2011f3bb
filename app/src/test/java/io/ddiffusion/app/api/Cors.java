package io.ddiffusion.app.api;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;

/** Browser-like CORS requests for the tests. */
final class Cors {
    private Cors() {
    }

    /** The preflight a browser at {@code origin} sends before a POST with a key and JSON. */
    static Response preflight(String origin, String path) {
        return given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-user-id")
                .options(path);
    }
}
