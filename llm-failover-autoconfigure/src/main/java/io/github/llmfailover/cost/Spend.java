package io.github.llmfailover.cost;

import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonValue;

import io.github.llmfailover.chat.Cost;

/**
 * What a provider's answers cost in the current day and month, on this instance or, in
 * fleet mode, on every instance.
 *
 * @param today since midnight
 * @param thisMonth since the first of the month, midnight
 * @param scope whose answers these are: the whole fleet's, or this instance's alone
 */
public record Spend(Cost today, Cost thisMonth, Scope scope) {

	public Spend {
		Objects.requireNonNull(scope, "scope must not be null");
	}

	/**
	 * This instance's spend.
	 * @param today since midnight
	 * @param thisMonth since the first of the month, midnight
	 */
	public Spend(Cost today, Cost thisMonth) {
		this(today, thisMonth, Scope.LOCAL);
	}

	/**
	 * Whose answers a {@link Spend} counts.
	 */
	public enum Scope {

		/**
		 * This instance's answers: without fleet mode, or while the fleet's totals cannot
		 * be read.
		 */
		LOCAL,

		/** The answers of every instance of the fleet. */
		FLEET;

		/**
		 * The scope as JSON shows it.
		 * @return {@code local} or {@code fleet}
		 */
		@JsonValue
		public String jsonValue() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
