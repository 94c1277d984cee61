package io.github.llmfailover.actuate;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.routing.PanicMode;
import io.github.llmfailover.routing.RetryBudget;

/**
 * How routing copes with degraded providers, as the {@code llmproviders} endpoint shows
 * it: panic routing past open circuits, and the retry budget.
 */
public final class DegradedRoutingDescriptor {

	private DegradedRoutingDescriptor() {
	}

	/**
	 * Panic routing on this instance.
	 *
	 * @param active whether requests are routed past open circuits now, because no
	 * provider is in rotation
	 * @param since since when, or {@code null} when not active
	 * @param routedAttempts attempts routed past an open circuit since start-up
	 */
	@JsonInclude(Include.ALWAYS)
	public record Panic(boolean active, @Nullable Instant since, long routedAttempts) {

		static Panic of(PanicMode panic) {
			Instant since = panic.since();
			return new Panic(since != null, since, panic.routedAttempts());
		}

	}

	/**
	 * The retry budget of this instance.
	 *
	 * @param limited whether a budget limits retries and failovers
	 * @param available how many retries it would allow now, or {@code null} when it is
	 * unlimited
	 * @param rejected how many retries it refused since start-up
	 */
	@JsonInclude(Include.ALWAYS)
	public record Budget(boolean limited, @Nullable Long available, long rejected) {

		static Budget of(RetryBudget budget) {
			long available = budget.available();
			boolean limited = available != Long.MAX_VALUE;
			return new Budget(limited, limited ? available : null, budget.rejected());
		}

	}

}
