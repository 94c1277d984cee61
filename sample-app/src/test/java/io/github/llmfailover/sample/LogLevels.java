package io.github.llmfailover.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Log levels for one part of a test, put back as they were when it closes. A test that
 * needs a logger's output sets its level here, not through {@code logging.level.*} in its
 * properties or profile: levels are the JVM's, not the context's, and Spring keeps test
 * contexts for later tests, so a level set at start-up would stay on for every test that
 * runs after it.
 */
public final class LogLevels implements AutoCloseable {

	private final LoggingSystem loggingSystem = LoggingSystem.get(LogLevels.class.getClassLoader());

	private final Map<String, @Nullable LogLevel> previous = new LinkedHashMap<>();

	private LogLevels(LogLevel level, String... loggers) {
		for (String logger : loggers) {
			LoggerConfiguration configuration = this.loggingSystem.getLoggerConfiguration(logger);
			this.previous.put(logger, (configuration != null) ? configuration.getConfiguredLevel() : null);
			this.loggingSystem.setLogLevel(logger, level);
		}
	}

	/**
	 * Set loggers to a level until {@link #close()}.
	 * @param level the level
	 * @param loggers the loggers' names
	 * @return what puts their levels back
	 */
	public static LogLevels set(LogLevel level, String... loggers) {
		return new LogLevels(level, loggers);
	}

	/** Put the loggers' levels back; one that had none inherits its parent's again. */
	@Override
	public void close() {
		this.previous.forEach(this.loggingSystem::setLogLevel);
	}

}
