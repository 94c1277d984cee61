package io.github.llmfailover.test;

import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import io.github.llmfailover.autoconfigure.LlmFailoverAutoConfiguration;
import io.github.llmfailover.autoconfigure.LlmFailoverMetricsAutoConfiguration;

/**
 * The auto-configurations an application with the starter runs, for context runners: add
 * the concern under test with another {@code withConfiguration}.
 */
public final class TestAutoConfigurations {

	/**
	 * The failover client with what it needs around it: Boot's HTTP client and
	 * {@code WebClient.Builder}, Resilience4j's circuit breakers, time limiters and
	 * bulkheads.
	 */
	public static final AutoConfigurations FAILOVER = AutoConfigurations.of(LlmFailoverAutoConfiguration.class,
			HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
			WebClientAutoConfiguration.class, CircuitBreakerAutoConfiguration.class, TimeLimiterAutoConfiguration.class,
			BulkheadAutoConfiguration.class);

	/**
	 * The library's meters on observations and a simple meter registry.
	 */
	public static final AutoConfigurations METRICS = AutoConfigurations.of(LlmFailoverMetricsAutoConfiguration.class,
			ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
			CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class);

	private TestAutoConfigurations() {
	}

}
