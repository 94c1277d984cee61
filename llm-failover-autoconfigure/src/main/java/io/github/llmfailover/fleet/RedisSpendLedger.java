package io.github.llmfailover.fleet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.Cost;
import io.github.llmfailover.cost.LocalSpendLedger;
import io.github.llmfailover.cost.Spend;
import io.github.llmfailover.cost.SpendCalendar;
import io.github.llmfailover.cost.SpendLedger;

/**
 * Spend counted across the fleet in Redis: one key per provider and day, one per provider
 * and month, each added to with {@code INCRBYFLOAT} and expiring a day after its period,
 * so that every instance checks the budgets against what the whole fleet spent. One round
 * trip per answer of a priced provider, and one per call to a provider with a budget.
 *
 * <p>
 * Every answer is also counted locally: while Redis is unreachable (or before this
 * instance joined the fleet), each instance checks its budgets against its own spend and
 * shows it, as without fleet mode. Answers counted then are not added to the fleet's
 * totals later.
 */
public final class RedisSpendLedger implements SpendLedger {

	/**
	 * How long the fleet's totals shown by the actuator may be before they are read
	 * again.
	 */
	private static final long VIEW_MAX_AGE_MILLIS = 1000;

	/** Amounts keep the decimals of a call's cost; Redis adds binary floating point. */
	private static final int SCALE = 8;

	private final FleetConnection fleet;

	private final Map<String, Currency> currencies;

	private final SpendCalendar calendar;

	private final LocalSpendLedger local;

	/** The fleet's totals as last read, by provider. */
	private final Map<String, View> views = new ConcurrentHashMap<>();

	/**
	 * A ledger of the given providers.
	 * @param fleet the connection to the fleet
	 * @param currencies the currency of each provider with a price, by name
	 * @param calendar where days and months start
	 */
	public RedisSpendLedger(FleetConnection fleet, Map<String, Currency> currencies, SpendCalendar calendar) {
		this.fleet = fleet;
		this.currencies = Map.copyOf(currencies);
		this.calendar = calendar;
		this.local = new LocalSpendLedger(currencies, calendar);
	}

	@Override
	public SpendCalendar calendar() {
		return this.calendar;
	}

	@Override
	public boolean isShared() {
		return this.fleet.isConnected();
	}

	@Override
	public Mono<Spend> add(String provider, Cost cost, Instant at) {
		Spend here = this.local.addNow(provider, cost, at);
		if (here == null) {
			return Mono.empty();
		}
		if (!this.fleet.isConnected()) {
			return Mono.just(here);
		}
		Instant dayEnd = this.calendar.dayEnd(at);
		Instant monthEnd = this.calendar.monthEnd(at);
		return this.fleet
			.runForList(FleetScripts.SPEND_ADD, keys(provider, at),
					List.of(cost.amount().toPlainString(), ttl(at, dayEnd), ttl(at, monthEnd)), this.fleet.timeout())
			.map((totals) -> remember(provider, totals, at))
			.defaultIfEmpty(here);
	}

	@Override
	public Mono<Spend> current(String provider, Instant now) {
		Spend here = this.local.spend(provider, now);
		if (here == null) {
			return Mono.empty();
		}
		if (!this.fleet.isConnected()) {
			return Mono.just(here);
		}
		return this.fleet.runForList(FleetScripts.SPEND_READ, keys(provider, now), List.of(), this.fleet.timeout())
			.map((totals) -> remember(provider, totals, now))
			.defaultIfEmpty(here);
	}

	@Override
	public @Nullable Spend spend(String provider, Instant now) {
		Spend here = this.local.spend(provider, now);
		if (here == null || !this.fleet.isConnected()) {
			return here;
		}
		View view = this.views.get(provider);
		if (view == null || view.readAtMillis() + VIEW_MAX_AGE_MILLIS < now.toEpochMilli()) {
			// Read again in the background; this answer shows what was last read.
			current(provider, now).subscribe();
		}
		return (view != null && this.calendar.day(view.at()).equals(this.calendar.day(now))) ? view.spend() : here;
	}

	private Spend remember(String provider, List<Object> totals, Instant at) {
		// Only called for providers with a price, which have a currency.
		Currency currency = Objects.requireNonNull(this.currencies.get(provider), provider);
		Spend spend = new Spend(new Cost(amount(totals.get(0)), currency), new Cost(amount(totals.get(1)), currency),
				Spend.Scope.FLEET);
		this.views.put(provider, new View(spend, at, this.fleet.clock().millis()));
		return spend;
	}

	private List<String> keys(String provider, Instant at) {
		FleetKeys keys = this.fleet.keys();
		return List.of(keys.spend(provider, "d:" + this.calendar.day(at)),
				keys.spend(provider, "m:" + this.calendar.month(at)));
	}

	/** Keys outlive their period by a day, for the actuator of a late instance. */
	private static String ttl(Instant at, Instant periodEnd) {
		return Long.toString(Duration.between(at, periodEnd).plusDays(1).toMillis());
	}

	private static BigDecimal amount(Object total) {
		BigDecimal amount = new BigDecimal(total.toString()).setScale(SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
		return (amount.scale() < 0) ? amount.setScale(0) : amount;
	}

	/**
	 * The fleet's totals as read at one time.
	 */
	private record View(Spend spend, Instant at, long readAtMillis) {
	}

}
