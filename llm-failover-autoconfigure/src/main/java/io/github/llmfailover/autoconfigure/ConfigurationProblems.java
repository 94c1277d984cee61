package io.github.llmfailover.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import io.github.llmfailover.autoconfigure.InvalidLlmFailoverConfigurationException.Problem;

/**
 * The problems the validators of the {@code llm.failover} configuration found, in the
 * order they found them, and the checks of single values that several of them make.
 * Properties are named without the {@code llm.failover.} prefix, which is added here.
 */
final class ConfigurationProblems {

	private final List<Problem> problems = new ArrayList<>();

	/**
	 * Record a problem.
	 * @param property the property at fault, without the prefix
	 * @param description what is wrong, following the property's name
	 * @param action how to fix it
	 */
	void add(String property, String description, String action) {
		String name = LlmFailoverProperties.PREFIX + "." + property;
		this.problems.add(new Problem(name, name + " " + description + ".", action));
	}

	/**
	 * Fail with every problem recorded, if there is any.
	 * @throws InvalidLlmFailoverConfigurationException listing them
	 */
	void throwIfAny() {
		if (!this.problems.isEmpty()) {
			throw new InvalidLlmFailoverConfigurationException(this.problems);
		}
	}

	void requirePositive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			add(property, "is " + value + "; it must be longer than zero",
					"Set llm.failover." + property + " to a positive duration, e.g. 30s.");
		}
	}

	/** {@link #requirePositive(String, Duration)} for a duration that may be unset. */
	void requirePositiveIfSet(String property, @Nullable Duration value) {
		if (value != null) {
			requirePositive(property, value);
		}
	}

	void requireAtLeastOne(String property, int value) {
		if (value < 1) {
			add(property, "is " + value + "; it must be at least 1", "Set llm.failover." + property + " to 1 or more.");
		}
	}

	/** {@link #requireAtLeastOne(String, int)} for a number that may be unset. */
	void requireAtLeastOneIfSet(String property, @Nullable Integer value) {
		if (value != null) {
			requireAtLeastOne(property, value);
		}
	}

	void requirePositiveLimit(String property, @Nullable Long value) {
		if (value != null && value < 1) {
			add(property, "is " + value + "; a limit must be at least 1",
					"Set llm.failover." + property + " to 1 or more, or remove it for no limit.");
		}
	}

	void requireAttempts(String property, int value, String action) {
		if (value < 1) {
			add(property, "is " + value + "; a request needs at least 1 attempt", action);
		}
	}

	/**
	 * An attempt's timeout must leave the request's deadline time to fail over.
	 * @param property the attempt timeout's property, without the prefix
	 * @param attemptTimeout its value
	 * @param deadline how the description names the deadline
	 * @param timeout the deadline's value
	 * @param action how to fix it
	 */
	void requireAttemptWithinDeadline(String property, Duration attemptTimeout, String deadline, Duration timeout,
			String action) {
		if (attemptTimeout.compareTo(timeout) > 0) {
			add(property, "(" + attemptTimeout + ") is longer than " + deadline + " (" + timeout
					+ "), the deadline of the whole request", action);
		}
	}

	/** {@link #checkResponseSize(String, DataSize)} for a size that may be unset. */
	void checkResponseSizeIfSet(String property, @Nullable DataSize size) {
		if (size != null) {
			checkResponseSize(property, size);
		}
	}

	void checkResponseSize(String property, DataSize size) {
		if (size.toBytes() < 1 || size.toBytes() > Integer.MAX_VALUE) {
			add(property,
					"is " + size.toBytes() + " bytes; it must be above 0 and below 2GB (an answer is held in memory)",
					"Set llm.failover." + property + " to a size such as 16MB (the default).");
		}
	}

}
