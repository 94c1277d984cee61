package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.Cost;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.cost.Budget;
import io.github.llmfailover.cost.Price;
import io.github.llmfailover.cost.Spend;
import io.github.llmfailover.cost.SpendLedger;

/**
 * What one provider's answers cost and whether its budget lets it take more: each answer
 * is charged to the ledger, and a spend that reaches the budget holds the provider back
 * until the period ends.
 */
final class ProviderBudget implements HoldsBack {

	// Logged under the provider's category, which operators know and filter on.
	private static final Log logger = LogFactory.getLog(RoutedProvider.class);

	private final String provider;

	private final @Nullable Price price;

	private final @Nullable Budget budget;

	/** Adds up what its answers cost today and this month, when it has a price. */
	private final SpendLedger ledger;

	private final Clock clock;

	/** Until when it is out of rotation for having reached its budget. */
	private volatile long overBudgetUntilMillis;

	private volatile Budget.@Nullable Period overBudgetPeriod;

	ProviderBudget(String provider, @Nullable Price price, @Nullable Budget budget, SpendLedger ledger, Clock clock) {
		this.provider = provider;
		this.price = price;
		this.budget = budget;
		this.ledger = ledger;
		this.clock = clock;
	}

	@Nullable Budget budget() {
		return this.budget;
	}

	boolean hasBudget() {
		return this.budget != null;
	}

	/**
	 * The provider's spend as last known, for its snapshot.
	 * @param nowMillis the current time
	 * @return the spend, or {@code null} when it has no price
	 */
	@Nullable Spend spend(long nowMillis) {
		return (this.price != null) ? this.ledger.spend(this.provider, Instant.ofEpochMilli(nowMillis)) : null;
	}

	/**
	 * What an answer cost, added to the spend of the day and month. A spend that reaches
	 * the budget takes the provider out of rotation until its period ends.
	 * @param usage the answer's usage
	 * @return the cost, or {@code null} when the provider has no price or the answer no
	 * usage
	 */
	@Nullable Cost charge(@Nullable TokenUsage usage) {
		Price price = this.price;
		if (price == null || usage == null) {
			return null;
		}
		Cost cost = price.costOf(usage);
		Instant now = this.clock.instant();
		Mono<Spend> spend = this.ledger.add(this.provider, cost, now);
		if (this.budget != null) {
			spend.subscribe((total) -> isUnderBudget(total, now));
		}
		else {
			spend.subscribe();
		}
		return cost;
	}

	/**
	 * Check the spend against the budget before a call: a provider that reached it leaves
	 * rotation until the period ends. Calls already under way finish and are charged:
	 * they are the only overshoot.
	 * @return whether the call may go
	 */
	Mono<Boolean> check() {
		Instant now = this.clock.instant();
		return this.ledger.current(this.provider, now).map((spend) -> isUnderBudget(spend, now)).defaultIfEmpty(true);
	}

	private boolean isUnderBudget(Spend spend, Instant now) {
		Budget budget = this.budget;
		Budget.Period period = (budget != null) ? budget.reachedBy(spend) : null;
		if (period == null) {
			return true;
		}
		long until = period.end(this.ledger.calendar(), now).toEpochMilli();
		if (holdBackUntil(period, until)) {
			logger.info("LLM provider '" + this.provider + "' reached its " + period.adjective() + " budget (spent "
					+ ((period == Budget.Period.DAY) ? spend.today() : spend.thisMonth()) + "); out of rotation until "
					+ Instant.ofEpochMilli(until));
		}
		return false;
	}

	/**
	 * Keep the provider out of rotation until the end of the period whose budget it
	 * reached.
	 * @return whether that is news, to be logged once rather than per call in flight
	 */
	private synchronized boolean holdBackUntil(Budget.Period period, long untilMillis) {
		if (untilMillis <= this.overBudgetUntilMillis) {
			return false;
		}
		this.overBudgetPeriod = period;
		this.overBudgetUntilMillis = untilMillis;
		return true;
	}

	@Override
	public long heldBackUntilMillis() {
		return this.overBudgetUntilMillis;
	}

	/**
	 * Until when the budget keeps the provider out of rotation.
	 * @param nowMillis the current time
	 * @return the end of the period whose budget it reached, or {@code null}
	 */
	@Nullable Instant overBudgetUntil(long nowMillis) {
		long until = this.overBudgetUntilMillis;
		return (until > nowMillis) ? Instant.ofEpochMilli(until) : null;
	}

	@Override
	public @Nullable String unavailableReason(long nowMillis) {
		Budget.Period period = this.overBudgetPeriod;
		if (this.overBudgetUntilMillis > nowMillis && period != null) {
			return this.provider + " reached its " + period.adjective() + " budget, out until "
					+ Instant.ofEpochMilli(this.overBudgetUntilMillis);
		}
		return null;
	}

}
