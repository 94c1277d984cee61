package io.github.llmfailover.autoconfigure;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;

import io.github.llmfailover.test.ExpectedStartupFailures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each invalid configuration stops start-up with a failure analysis naming the property
 * and the fix.
 */
@ExtendWith(ExpectedStartupFailures.class)
class LlmFailoverConfigurationValidationTests {

	private static final String[] VALID_PROVIDER = { "llm.failover.providers.openai.type=openai",
			"llm.failover.providers.openai.base-url=https://api.openai.com/v1",
			"llm.failover.providers.openai.model=gpt-4o-mini" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			org.springframework.boot.autoconfigure.AutoConfigurations.of(LlmFailoverAutoConfiguration.class));

	@Test
	void noProviders() {
		assertAnalysis(this.runner, "llm.failover.providers is empty", "llm.failover.providers.openai.type=openai");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					llm.failover.providers.openai.type      | gemini        | llm.failover.providers.openai.type is 'gemini', which is not a known provider type | one of: anthropic, ollama, openai
					llm.failover.providers.openai.type      | ''            | llm.failover.providers.openai.type is not set                                    | one of: anthropic, ollama, openai
					llm.failover.providers.openai.base-url  | ''            | llm.failover.providers.openai.base-url is not set                                | e.g. https://api.openai.com/v1
					llm.failover.providers.openai.base-url  | not a url     | llm.failover.providers.openai.base-url is 'not a url', which is not an absolute http or https URL | absolute URL such as https://api.openai.com/v1
					llm.failover.providers.openai.base-url  | ftp://host/v1 | which is not an absolute http or https URL                                      | absolute URL
					llm.failover.providers.openai.base-url  | ftp://bob:pw-9z@host/v1 | base-url is 'ftp://******@host/v1', which is not an absolute http     | absolute URL
					llm.failover.providers.openai.model     | ''            | llm.failover.providers.openai.model is not set                                   | model to ask for
					llm.failover.providers.openai.weight    | -1            | llm.failover.providers.openai.weight is -1; a weight must not be negative         | or to 0 to keep the provider out of rotation
					llm.failover.providers.openai.weight    | 0             | priority 0 (openai) all have weight 0, so that tier can never serve              | a positive weight
					llm.failover.providers.openai.enabled   | false         | has no enabled provider                                                          | llm.failover.enabled=false
					llm.failover.attempt-timeout            | 2m            | llm.failover.attempt-timeout (PT2M) is longer than llm.failover.timeout (PT1M)   | at most llm.failover.timeout
					llm.failover.max-attempts               | 0             | llm.failover.max-attempts is 0; a request needs at least 1 attempt              | 1 or more
					llm.failover.timeout                    | 0s            | llm.failover.timeout is PT0S; it must be longer than zero                        | positive duration
					llm.failover.circuit-breaker.failure-rate-threshold | 150 | llm.failover.circuit-breaker.failure-rate-threshold is 150.0; it is a percentage | between 1 and 100
					llm.failover.providers.openai.circuit-breaker.sliding-window-size | 0 | llm.failover.providers.openai.circuit-breaker.sliding-window-size is 0 | 1 or more
					llm.failover.backoff.multiplier         | 0.5           | llm.failover.backoff.multiplier is 0.5; backoff must not shrink                 | 1.0 or more
					llm.failover.max-response-size          | 0B            | llm.failover.max-response-size is 0 bytes; it must be above 0 and below 2GB      | such as 16MB
					llm.failover.providers.openai.max-response-size | 3GB   | llm.failover.providers.openai.max-response-size is 3221225472 bytes             | such as 16MB
					llm.failover.providers.openai.price.input | -0.15       | llm.failover.providers.openai.price.input is -0.15; a price must not be negative | per million tokens (0 for free)
					llm.failover.providers.openai.price.output | 0.60       | llm.failover.providers.openai.price.input is not set, but other prices of this provider are | or remove the provider's prices
					llm.failover.providers.openai.price.cached-input | 0.075 | llm.failover.providers.openai.price.output is not set                            | list price per million tokens
					llm.failover.providers.openai.budget.daily | 10         | llm.failover.providers.openai.budget.daily is set, but the provider has no price, so its spend cannot be counted | Set llm.failover.providers.openai.price.input and llm.failover.providers.openai.price.output
					llm.failover.providers.openai.budget.monthly | -5       | llm.failover.providers.openai.budget.monthly is -5; a budget must be more than 0 | the most the provider may cost in that period
					llm.failover.providers.openai.structured-output | tool | llm.failover.providers.openai.structured-output is 'tool', but only anthropic providers answer through a tool | or set it to 'native'
					llm.failover.routing.expected-output-tokens | 0         | llm.failover.routing.expected-output-tokens is 0; it must be at least 1         | 1 or more
					llm.failover.routing.strategy           | cheapest-first | llm.failover.routing.strategy is cheapest-first for tier 0, but none of its providers (openai) has a price | or set llm.failover.routing.strategy=weighted
					llm.failover.routing.tier-strategy.7    | weighted      | llm.failover.routing.tier-strategy.7 names tier 7, but no provider has priority 7 | Use the priority of a tier: [0]
					llm.failover.routing.latency-aware.min-share | 1.5       | llm.failover.routing.latency-aware.min-share is 1.5; it is a fraction            | between 0 and 1, such as 0.05
					llm.failover.routing.latency-aware.min-share | -0.1      | llm.failover.routing.latency-aware.min-share is -0.1                             | between 0 and 1
					llm.failover.routing.latency-aware.max-factor | 0.5      | llm.failover.routing.latency-aware.max-factor is 0.5; below 1, no provider could get its weight's share | 1 or more (default 2.0)
					llm.failover.routing.latency-aware.half-life | 0s        | llm.failover.routing.latency-aware.half-life is PT0S                            | 1ms or more (default 5s)
					""")
	void invalidProperty(String property, String value, String description, String action) {
		assertAnalysis(this.runner.withPropertyValues(VALID_PROVIDER).withPropertyValues(property + "=" + value),
				description, action);
	}

	@Test
	void anUnknownCurrency() {
		assertAnalysis(
				this.runner.withPropertyValues(VALID_PROVIDER)
					.withPropertyValues("llm.failover.providers.openai.price.input=0.15",
							"llm.failover.providers.openai.price.output=0.60",
							"llm.failover.providers.openai.price.currency=DOLLAR"),
				"llm.failover.providers.openai.price.currency is 'DOLLAR', which is not an ISO 4217 currency code",
				"e.g. USD (the default) or EUR");
	}

	@Test
	void aProviderWithNoTypeAtAllIsToldToSetOne() {
		assertAnalysis(
				this.runner.withPropertyValues("llm.failover.providers.openai.model=gpt-4o-mini",
						"llm.failover.providers.openai.base-url=https://api.openai.com/v1"),
				"llm.failover.providers.openai.type is not set", "one of: anthropic, ollama, openai");
		assertAnalysis(this.runner.withPropertyValues("llm.failover.providers.openai.model=gpt-4o-mini"),
				"llm.failover.providers.openai.base-url is not set", "e.g. https://api.example.com/v1");
	}

	@Test
	void reportsEveryProblemAtOnce() {
		this.runner
			.withPropertyValues("llm.failover.providers.a.type=openai", "llm.failover.providers.a.weight=-2",
					"llm.failover.providers.b.type=anthropc", "llm.failover.providers.b.base-url=https://x",
					"llm.failover.providers.b.model=m")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("llm.failover.providers.a.base-url is not set")
					.contains("llm.failover.providers.a.model is not set")
					.contains("llm.failover.providers.a.weight is -2")
					.contains("llm.failover.providers.b.type is 'anthropc'");
			});
	}

	@Test
	void theAnalyzerIsRegistered() throws Exception {
		List<String> analyzers = new ArrayList<>();
		for (URL url : Collections
			.list(getClass().getClassLoader().getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION))) {
			Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(url));
			analyzers.add(factories.getProperty(FailureAnalyzer.class.getName(), ""));
		}
		assertThat(analyzers)
			.anySatisfy((names) -> assertThat(names).contains(LlmFailoverFailureAnalyzer.class.getName()));
	}

	@Test
	void theApiKeyIsNotShownInTheAnalysis() {
		this.runner
			.withPropertyValues("llm.failover.providers.a.type=nope", "llm.failover.providers.a.api-key=sk-very-secret")
			.run((context) -> assertThat(analyze(context).getDescription() + analyze(context).getAction())
				.doesNotContain("sk-very-secret"));
	}

	private static void assertAnalysis(ApplicationContextRunner runner, String description, String action) {
		runner.run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).startsWith("The llm-failover configuration is invalid")
				.contains(description);
			assertThat(analysis.getAction()).contains(action);
		});
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new LlmFailoverFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

}
