package io.github.llmfailover.cost;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Where the days and months of spend and budgets start: midnight and the first of the
 * month in one time zone, UTC unless configured ({@code llm.failover.cost.time-zone}).
 *
 * @param zone the time zone
 */
public record SpendCalendar(ZoneId zone) {

	/** Days and months of UTC. */
	public static final SpendCalendar UTC = new SpendCalendar(ZoneOffset.UTC);

	public SpendCalendar {
		Objects.requireNonNull(zone, "zone");
	}

	/**
	 * The day an instant falls in.
	 * @param at the instant
	 * @return its date in this calendar's zone
	 */
	public LocalDate day(Instant at) {
		return LocalDate.ofInstant(at, this.zone);
	}

	/**
	 * The month an instant falls in.
	 * @param at the instant
	 * @return its month in this calendar's zone
	 */
	public YearMonth month(Instant at) {
		return YearMonth.from(day(at));
	}

	/**
	 * When the day of an instant ends.
	 * @param at the instant
	 * @return the next midnight in this calendar's zone
	 */
	public Instant dayEnd(Instant at) {
		return day(at).plusDays(1).atStartOfDay(this.zone).toInstant();
	}

	/**
	 * When the month of an instant ends.
	 * @param at the instant
	 * @return midnight of the next month's first day in this calendar's zone
	 */
	public Instant monthEnd(Instant at) {
		return month(at).plusMonths(1).atDay(1).atStartOfDay(this.zone).toInstant();
	}

}
