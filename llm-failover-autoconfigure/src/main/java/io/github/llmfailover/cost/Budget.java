package io.github.llmfailover.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What a provider may cost per day and per month, in the currency of its prices. A
 * provider whose spend reaches either leaves rotation until that period ends.
 *
 * @param daily the most its answers may cost in one day, or {@code null} for no daily
 * limit
 * @param monthly the most its answers may cost in one month, or {@code null} for no
 * monthly limit
 */
public record Budget(@Nullable BigDecimal daily, @Nullable BigDecimal monthly) {

	/**
	 * @throws IllegalArgumentException if neither is set, or one is not positive
	 */
	public Budget {
		if (daily == null && monthly == null) {
			throw new IllegalArgumentException("A budget needs a daily or a monthly amount");
		}
		requirePositive("daily", daily);
		requirePositive("monthly", monthly);
	}

	/**
	 * Which period's budget a spend has reached; the month's first, since it lasts
	 * longer.
	 * @param spend the spend of the current day and month
	 * @return the period, or {@code null} while the spend is under both budgets
	 */
	public @Nullable Period reachedBy(Spend spend) {
		if (this.monthly != null && spend.thisMonth().amount().compareTo(this.monthly) >= 0) {
			return Period.MONTH;
		}
		if (this.daily != null && spend.today().amount().compareTo(this.daily) >= 0) {
			return Period.DAY;
		}
		return null;
	}

	private static void requirePositive(String name, @Nullable BigDecimal amount) {
		if (amount != null && amount.signum() <= 0) {
			throw new IllegalArgumentException("The " + name + " budget must be more than 0, was " + amount);
		}
	}

	/**
	 * A budget's period.
	 */
	public enum Period {

		/** From midnight to midnight. */
		DAY,

		/** From the first of the month to the first of the next. */
		MONTH;

		/**
		 * When the period of an instant ends.
		 * @param calendar where periods start
		 * @param at the instant
		 * @return the end
		 */
		public Instant end(SpendCalendar calendar, Instant at) {
			return (this == DAY) ? calendar.dayEnd(at) : calendar.monthEnd(at);
		}

		/**
		 * The period's name in reasons and JSON.
		 * @return {@code daily} or {@code monthly}
		 */
		public String adjective() {
			return (this == DAY) ? "daily" : "monthly";
		}

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
