package dev.rewind.bench.soak;

import java.time.Duration;

/**
 * An error of the soak: a 5xx, a request that got no answer, a wrong answer, the process dying.
 *
 * @param at      since the load began (negative: at start-up)
 * @param request the request body or path, shortened
 * @param answer  the status and the start of the answer's body, or null
 */
record Problem(Duration at, String kind, String what, String request, String answer) {
    static String shorten(String text, int max) {
        if (text == null) {
            return null;
        }
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + " … (" + oneLine.length() + " chars)";
    }
}
