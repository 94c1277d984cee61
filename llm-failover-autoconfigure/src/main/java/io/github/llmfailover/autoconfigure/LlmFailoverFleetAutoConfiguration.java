package io.github.llmfailover.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import io.github.llmfailover.autoconfigure.InvalidLlmFailoverConfigurationException.Problem;
import io.github.llmfailover.cost.SpendCalendar;
import io.github.llmfailover.cost.SpendLedger;
import io.github.llmfailover.fleet.FleetConnection;
import io.github.llmfailover.fleet.FleetHealthDetails;
import io.github.llmfailover.fleet.FleetMetrics;
import io.github.llmfailover.fleet.FleetStatePublisher;
import io.github.llmfailover.fleet.FleetStateSync;
import io.github.llmfailover.fleet.RedisProviderRateLimiter;
import io.github.llmfailover.fleet.RedisSpendLedger;
import io.github.llmfailover.routing.ProviderRateLimiter;
import io.github.llmfailover.routing.ProviderRegistry;

/**
 * Auto-configuration of fleet mode ({@code llm.failover.fleet.enabled=true}): the
 * instances of the application share open circuits, cooldowns, operator changes,
 * rate-limit counts and spend (for budgets and the actuator) through the application's
 * own reactive Redis connection ({@code spring.data.redis.*}). Without Spring Data Redis
 * on the classpath, turning it on fails start-up saying what to add.
 */
@AutoConfiguration(before = LlmFailoverAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration")
@ConditionalOnBooleanProperty(name = "llm.failover.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(LlmFailoverFleetProperties.PREFIX + ".enabled")
@EnableConfigurationProperties(LlmFailoverFleetProperties.class)
public final class LlmFailoverFleetAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveRedisConnectionFactory.class)
	static class RedisFleetConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FleetConnection llmFleetConnection(LlmFailoverFleetProperties properties,
				ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory, Environment environment) {
			ReactiveRedisConnectionFactory redis = connectionFactory.getIfUnique();
			if (redis == null) {
				throw fleetNeedsRedis("no reactive Redis connection is configured",
						"Add spring-boot-starter-data-redis-reactive and set spring.data.redis.* (host, port, "
								+ "password...), or set llm.failover.fleet.enabled=false.");
			}
			String prefix = properties.getKeyPrefix();
			if (prefix == null || prefix.isBlank()) {
				prefix = "llm-failover:" + environment.getProperty("spring.application.name", "application");
			}
			return new FleetConnection(redis, prefix, properties.getTimeout(), Clock.systemUTC());
		}

		@Bean
		@ConditionalOnMissingBean
		FleetStatePublisher llmFleetStatePublisher(FleetConnection fleet, LlmFailoverFleetProperties properties) {
			return new FleetStatePublisher(fleet, properties.getOperatorChangeTtl());
		}

		@Bean
		@ConditionalOnMissingBean
		ProviderRateLimiter llmProviderRateLimiter(FleetConnection fleet, ProviderDefinitions definitions) {
			return new RedisProviderRateLimiter(fleet, definitions.rateLimits());
		}

		@Bean
		@ConditionalOnMissingBean
		SpendLedger llmSpendLedger(FleetConnection fleet, ProviderDefinitions definitions,
				LlmFailoverProperties properties) {
			return new RedisSpendLedger(fleet, definitions.currencies(),
					new SpendCalendar(properties.getCost().getTimeZone()));
		}

		@Bean
		@ConditionalOnMissingBean
		FleetStateSync llmFleetStateSync(ProviderRegistry registry, FleetConnection fleet,
				FleetStatePublisher publisher, LlmFailoverFleetProperties properties) {
			return new FleetStateSync(registry, fleet, publisher, positive(properties.getSyncInterval()));
		}

		@Bean
		@ConditionalOnClass(HealthIndicator.class)
		@ConditionalOnMissingBean
		FleetHealthDetails llmFleetHealthDetails(FleetConnection fleet) {
			return new FleetHealthDetails(fleet);
		}

		@Bean
		@ConditionalOnClass(MeterBinder.class)
		@ConditionalOnMissingBean
		FleetMetrics llmFleetMetrics(FleetConnection fleet) {
			return new FleetMetrics(fleet);
		}

		private static Duration positive(Duration interval) {
			if (interval.isNegative() || interval.isZero()) {
				throw new InvalidLlmFailoverConfigurationException(
						List.of(new Problem(LlmFailoverFleetProperties.PREFIX + ".sync-interval",
								LlmFailoverFleetProperties.PREFIX + ".sync-interval is " + interval
										+ "; it must be longer than zero.",
								"Set llm.failover.fleet.sync-interval to a positive duration, e.g. 1s.")));
			}
			return interval;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.data.redis.connection.ReactiveRedisConnectionFactory")
	static class MissingRedisConfiguration {

		@Bean
		Object llmFleetNeedsRedis() {
			throw fleetNeedsRedis("Spring Data Redis is not on the classpath",
					"Add org.springframework.boot:spring-boot-starter-data-redis-reactive, or set "
							+ "llm.failover.fleet.enabled=false.");
		}

	}

	private static InvalidLlmFailoverConfigurationException fleetNeedsRedis(String why, String action) {
		String property = LlmFailoverFleetProperties.PREFIX + ".enabled";
		return new InvalidLlmFailoverConfigurationException(
				List.of(new Problem(property, property + " is true, but " + why + ".", action)));
	}

}
