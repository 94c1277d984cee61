package io.github.llmfailover.routing;

import java.time.Instant;

import io.github.llmfailover.chat.AttemptOutcome;

/**
 * A provider's most recent failure.
 *
 * @param time when it happened
 * @param outcome its class
 * @param status the HTTP status, or 0
 * @param message a short description, without secrets
 */
public record ProviderError(Instant time, AttemptOutcome outcome, int status, String message) {

}
