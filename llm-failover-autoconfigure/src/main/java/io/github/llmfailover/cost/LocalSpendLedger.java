package io.github.llmfailover.cost;

import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.Cost;

/**
 * Spend kept in memory on this instance: each instance counts its own answers, and a
 * restart starts from zero.
 */
public final class LocalSpendLedger implements SpendLedger {

	private final SpendCalendar calendar;

	private final Map<String, SpendTracker> trackers;

	/**
	 * A ledger of the given providers.
	 * @param currencies the currency of each provider with a price, by name
	 * @param calendar where days and months start
	 */
	public LocalSpendLedger(Map<String, Currency> currencies, SpendCalendar calendar) {
		Map<String, SpendTracker> trackers = new HashMap<>();
		currencies.forEach((name, currency) -> trackers.put(name, new SpendTracker(currency, calendar)));
		this.trackers = Map.copyOf(trackers);
		this.calendar = calendar;
	}

	@Override
	public SpendCalendar calendar() {
		return this.calendar;
	}

	@Override
	public Mono<Spend> add(String provider, Cost cost, Instant at) {
		Spend spend = addNow(provider, cost, at);
		return (spend != null) ? Mono.just(spend) : Mono.empty();
	}

	/**
	 * Count the cost of an answer at once.
	 * @param provider the provider's name
	 * @param cost what it cost
	 * @param at when it arrived
	 * @return the spend after it, or {@code null} for a provider without a price
	 */
	public @Nullable Spend addNow(String provider, Cost cost, Instant at) {
		SpendTracker tracker = this.trackers.get(provider);
		if (tracker == null) {
			return null;
		}
		tracker.add(cost, at);
		return tracker.spend(at);
	}

	@Override
	public Mono<Spend> current(String provider, Instant now) {
		Spend spend = spend(provider, now);
		return (spend != null) ? Mono.just(spend) : Mono.empty();
	}

	@Override
	public @Nullable Spend spend(String provider, Instant now) {
		SpendTracker tracker = this.trackers.get(provider);
		return (tracker != null) ? tracker.spend(now) : null;
	}

}
