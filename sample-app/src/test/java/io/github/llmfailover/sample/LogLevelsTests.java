package io.github.llmfailover.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogLevels} puts back what it changed, whether the logger had a level of its own
 * or inherited one.
 */
class LogLevelsTests {

	private static final String OWN = LogLevelsTests.class.getName() + ".own";

	private static final String INHERITING = LogLevelsTests.class.getName() + ".inheriting";

	private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

	@AfterEach
	void forget() {
		this.loggingSystem.setLogLevel(OWN, null);
	}

	@Test
	void theLevelsHoldUntilClosedThenAreAsBefore() {
		this.loggingSystem.setLogLevel(OWN, LogLevel.WARN);
		try (LogLevels debug = LogLevels.set(LogLevel.DEBUG, OWN, INHERITING)) {
			assertThat(configuredLevel(OWN)).isEqualTo(LogLevel.DEBUG);
			assertThat(configuredLevel(INHERITING)).isEqualTo(LogLevel.DEBUG);
		}
		assertThat(configuredLevel(OWN)).isEqualTo(LogLevel.WARN);
		assertThat(configuredLevel(INHERITING)).isNull();
	}

	private LogLevel configuredLevel(String logger) {
		return this.loggingSystem.getLoggerConfiguration(logger).getConfiguredLevel();
	}

}
