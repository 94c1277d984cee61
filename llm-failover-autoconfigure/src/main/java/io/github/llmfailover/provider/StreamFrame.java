package io.github.llmfailover.provider;

import org.jspecify.annotations.Nullable;

/**
 * One frame of a streamed answer.
 *
 * @param event the SSE event name, or {@code null}
 * @param data the SSE data or the NDJSON line
 */
public record StreamFrame(@Nullable String event, @Nullable String data) {
}
