package io.github.llmfailover.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;

/**
 * Health of the LLM providers: {@code UP} while at least one is in rotation,
 * {@code DEGRADED} when none is, with each provider's state in the details, and
 * {@code panicRouting} telling whether requests are routed past open circuits meanwhile.
 *
 * <p>
 * {@code DEGRADED} is not in the default status order, so it never changes the
 * application's aggregate health, nor its liveness: an upstream outage must not get the
 * instance restarted. An application that wants readiness to follow the providers adds
 * this contributor to its readiness group and maps {@code DEGRADED} to 503 there.
 */
public class LlmProvidersHealthIndicator extends AbstractHealthIndicator {

	/** No provider is in rotation: requests fail fast until one comes back. */
	public static final Status DEGRADED = new Status("DEGRADED", "No LLM provider is in rotation");

	private final ProviderRegistry registry;

	private final List<LlmProvidersHealthDetailsContributor> contributors;

	public LlmProvidersHealthIndicator(ProviderRegistry registry) {
		this(registry, List.of());
	}

	/**
	 * A health indicator with more details than the providers'.
	 * @param registry the providers
	 * @param contributors add their details after the providers'
	 */
	public LlmProvidersHealthIndicator(ProviderRegistry registry,
			List<LlmProvidersHealthDetailsContributor> contributors) {
		super("LLM providers health check failed");
		this.registry = registry;
		this.contributors = List.copyOf(contributors);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean anyInRotation = false;
		for (ProviderSnapshot provider : this.registry.providers()) {
			anyInRotation |= provider.inRotation();
			builder.withDetail(provider.name(), details(provider));
		}
		builder.withDetail("panicRouting", this.registry.panic().isActive());
		this.contributors.forEach((contributor) -> contributor.contribute(builder::withDetail));
		builder.status(anyInRotation ? Status.UP : DEGRADED);
	}

	private static Map<String, Object> details(ProviderSnapshot provider) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("inRotation", provider.inRotation());
		details.put("circuitState", provider.circuitState().name());
		details.put("weight", provider.weight());
		details.put("share", provider.share());
		Instant cooldownUntil = provider.cooldownUntil();
		if (cooldownUntil != null) {
			details.put("cooldownUntil", cooldownUntil.toString());
		}
		Instant rateLimitedUntil = provider.rateLimitedUntil();
		if (rateLimitedUntil != null) {
			details.put("rateLimitedUntil", rateLimitedUntil.toString());
		}
		Instant overBudgetUntil = provider.overBudgetUntil();
		if (overBudgetUntil != null) {
			details.put("overBudgetUntil", overBudgetUntil.toString());
		}
		if (!provider.enabled()) {
			details.put("enabled", false);
		}
		return details;
	}

}
