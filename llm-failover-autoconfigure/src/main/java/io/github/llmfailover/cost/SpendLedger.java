package io.github.llmfailover.cost;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.Cost;

/**
 * Adds up what each provider with a price cost in the current day and month, and tells
 * routing where each provider stands against its budget. The default counts on this
 * instance ({@link LocalSpendLedger}); fleet mode counts across every instance.
 *
 * <p>
 * Called on the request path: an implementation that counts elsewhere answers within a
 * short time and never with an error, falling back to what it knows locally.
 */
public interface SpendLedger {

	/**
	 * Where this ledger's days and months start.
	 * @return the calendar
	 */
	SpendCalendar calendar();

	/**
	 * Count the cost of an answer.
	 * @param provider the provider's name
	 * @param cost what the answer cost, in the provider's currency
	 * @param at when the answer arrived
	 * @return the provider's spend after it, as this ledger knows it; empty for a
	 * provider it does not track
	 */
	Mono<Spend> add(String provider, Cost cost, Instant at);

	/**
	 * The provider's spend as fresh as this ledger can tell, checked before each call to
	 * a provider with a budget.
	 * @param provider the provider's name
	 * @param now the current time
	 * @return the spend; empty for a provider it does not track
	 */
	Mono<Spend> current(String provider, Instant now);

	/**
	 * The provider's spend as last known, without waiting, for the actuator.
	 * @param provider the provider's name
	 * @param now the current time
	 * @return the spend, or {@code null} for a provider it does not track
	 */
	@Nullable Spend spend(String provider, Instant now);

	/**
	 * Whether the spend shown is the whole fleet's rather than this instance's.
	 * @return {@code true} while shared with other instances
	 */
	default boolean isShared() {
		return false;
	}

}
