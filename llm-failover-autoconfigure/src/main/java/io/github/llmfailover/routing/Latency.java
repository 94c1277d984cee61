package io.github.llmfailover.routing;

import org.jspecify.annotations.Nullable;

/**
 * One provider's recent latency as latency-aware shares see it: decaying averages, in
 * which each answer counts half as much after every half-life. Only successful attempts
 * are measured; a call that fails or is cancelled (a hedge that lost) says nothing.
 *
 * @param firstTokenMillis the average time to a stream's first token, in milliseconds, or
 * {@code null} before the first stream
 * @param streams how many streams were measured
 * @param perOutputTokenMillis the average time of a whole answer per output token, in
 * milliseconds, or {@code null} before the first answer with a known usage
 * @param answers how many whole answers were measured
 */
public record Latency(@Nullable Double firstTokenMillis, int streams, @Nullable Double perOutputTokenMillis,
		int answers) {

}
