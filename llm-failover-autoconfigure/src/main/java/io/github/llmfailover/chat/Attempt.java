package io.github.llmfailover.chat;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One attempt of a request on one provider.
 *
 * @param provider the provider's name
 * @param outcome how the attempt ended
 * @param status the HTTP status the provider answered with, or 0 when there was none
 * @param duration how long the attempt took
 * @param error a short description of the failure, or {@code null} on success
 */
public record Attempt(String provider, AttemptOutcome outcome, int status, Duration duration, @Nullable String error) {

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder(this.provider).append(": ").append(this.outcome.tagValue());
		if (this.status != 0) {
			text.append(" (").append(this.status).append(')');
		}
		if (this.error != null) {
			text.append(" ").append(this.error);
		}
		return text.append(" after ").append(this.duration.toMillis()).append(" ms").toString();
	}

}
