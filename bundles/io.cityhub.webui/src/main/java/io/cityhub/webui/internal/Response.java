package io.cityhub.webui.internal;

/** What a page handler answers: a page, or a redirect after a successful POST (so a reload does not repeat it). */
sealed interface Response {

    /**
     * @param status the HTTP status
     * @param title the page title, plain text
     * @param body the body, HTML already escaped
     */
    record Page(int status, String title, String body) implements Response {
    }

    /** @param location a path on this server */
    record Redirect(String location) implements Response {
    }
}
