package io.github.llmfailover.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Currency;

import io.github.llmfailover.chat.Cost;

/**
 * Adds up what one provider's answers cost in the current day and month of a
 * {@link SpendCalendar}. Each total starts again from zero when its period changes, as
 * seen on the instants it is given (the routing clock's). Thread-safe; the lock is held
 * for one addition.
 */
public final class SpendTracker {

	private final Currency currency;

	private final SpendCalendar calendar;

	private LocalDate day = LocalDate.MIN;

	private BigDecimal dayTotal = BigDecimal.ZERO;

	private YearMonth month = YearMonth.of(0, 1);

	private BigDecimal monthTotal = BigDecimal.ZERO;

	/**
	 * A tracker of UTC days and months.
	 * @param currency the currency of the provider's prices
	 */
	public SpendTracker(Currency currency) {
		this(currency, SpendCalendar.UTC);
	}

	/**
	 * A tracker of the days and months of a calendar.
	 * @param currency the currency of the provider's prices
	 * @param calendar where days and months start
	 */
	public SpendTracker(Currency currency, SpendCalendar calendar) {
		this.currency = currency;
		this.calendar = calendar;
	}

	/**
	 * Add the cost of one answer.
	 * @param cost the cost, in this tracker's currency
	 * @param at when the answer arrived
	 * @throws IllegalArgumentException for a cost in another currency
	 */
	public synchronized void add(Cost cost, Instant at) {
		if (!cost.currency().equals(this.currency)) {
			throw new IllegalArgumentException(
					"A cost in " + cost.currency() + " cannot be added to spend in " + this.currency);
		}
		roll(at);
		this.dayTotal = this.dayTotal.add(cost.amount());
		this.monthTotal = this.monthTotal.add(cost.amount());
	}

	/**
	 * The spend of the current day and month.
	 * @param now the current instant
	 * @return the totals, zero for a period without answers
	 */
	public synchronized Spend spend(Instant now) {
		roll(now);
		return new Spend(new Cost(this.dayTotal, this.currency), new Cost(this.monthTotal, this.currency));
	}

	/**
	 * Start the totals again when their period changed. An instant before the current
	 * period (a clock set back) counts in the current one rather than erasing it.
	 */
	private void roll(Instant at) {
		LocalDate date = this.calendar.day(at);
		if (date.isAfter(this.day)) {
			this.day = date;
			this.dayTotal = BigDecimal.ZERO;
		}
		YearMonth yearMonth = YearMonth.from(date);
		if (yearMonth.isAfter(this.month)) {
			this.month = yearMonth;
			this.monthTotal = BigDecimal.ZERO;
		}
	}

}
