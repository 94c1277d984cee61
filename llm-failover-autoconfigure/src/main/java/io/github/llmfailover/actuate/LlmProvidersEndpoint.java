package io.github.llmfailover.actuate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

import io.github.llmfailover.chat.ModelGroup;
import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.routing.RetryBudget;

/**
 * {@code /actuator/llmproviders}: every provider's routing state (weight, share of new
 * traffic, circuit, cooldown, last error), whether requests are routed past open circuits
 * (panic), the retry budget, and live steering of one provider. Writes are off unless the
 * application grants them ({@code management.endpoint.llmproviders.access=unrestricted}):
 * exposing the endpoint must not let whoever reaches it steer traffic.
 */
@WebEndpoint(id = "llmproviders", defaultAccess = Access.READ_ONLY)
public class LlmProvidersEndpoint {

	private final ProviderRegistry registry;

	private final RetryBudget retryBudget;

	private final List<GroupDescriptor> groups;

	/**
	 * An endpoint that lists no model groups of its own (each provider still shows its
	 * groups).
	 * @param registry the providers
	 * @param retryBudget the budget of the client's retries
	 */
	public LlmProvidersEndpoint(ProviderRegistry registry, RetryBudget retryBudget) {
		this(registry, retryBudget, List.of());
	}

	/**
	 * @param registry the providers
	 * @param retryBudget the budget of the client's retries
	 * @param groups the model groups, with their aliases
	 */
	public LlmProvidersEndpoint(ProviderRegistry registry, RetryBudget retryBudget, List<ModelGroup> groups) {
		this.registry = registry;
		this.retryBudget = retryBudget;
		this.groups = groups.stream().map(GroupDescriptor::of).toList();
	}

	@ReadOperation
	public ProvidersDescriptor providers() {
		Map<String, List<GroupDescriptor.Membership>> memberships = memberships();
		return new ProvidersDescriptor(
				this.registry.providers().stream().map((provider) -> describe(provider, memberships)).toList(),
				DegradedRoutingDescriptor.Panic.of(this.registry.panic()),
				DegradedRoutingDescriptor.Budget.of(this.retryBudget), this.groups,
				this.registry.defaultGroup().name());
	}

	@ReadOperation
	public WebEndpointResponse<Object> provider(@Selector String name) {
		return this.registry.find(name)
			.map((provider) -> new WebEndpointResponse<Object>(describe(provider, memberships())))
			.orElseGet(() -> notFound(name));
	}

	private static ProviderDescriptor describe(ProviderSnapshot provider,
			Map<String, List<GroupDescriptor.Membership>> memberships) {
		return ProviderDescriptor.of(provider, memberships.getOrDefault(provider.name(), List.of()));
	}

	/**
	 * Each provider's place in each model group, by provider name.
	 */
	private Map<String, List<GroupDescriptor.Membership>> memberships() {
		Map<String, List<GroupDescriptor.Membership>> memberships = new HashMap<>();
		this.registry.groups()
			.forEach((group, registry) -> registry.providers()
				.forEach((provider) -> memberships.computeIfAbsent(provider.name(), (name) -> new ArrayList<>())
					.add(new GroupDescriptor.Membership(group, provider.priority(), provider.weight(), provider.share(),
							provider.inRotation()))));
		return memberships;
	}

	/**
	 * Change one provider: {@code {"weight": 5}}, {@code {"enabled": false}},
	 * {@code {"circuitState": "FORCED_OPEN" | "CLOSED" | "DISABLED"}} (weight, enabled
	 * and circuitState may be combined), or {@code {"reset": true}} to return it to its
	 * configuration. Values arrive as text and are checked here, so that a bad one is
	 * answered with a 400 that names it.
	 * @param name the provider
	 * @param weight the new weight
	 * @param enabled whether it is in rotation
	 * @param circuitState the state to force its circuit into
	 * @param reset whether to return it to its configuration
	 * @return the provider after the change, or the error
	 */
	@WriteOperation
	public WebEndpointResponse<Object> update(@Selector String name, @Nullable String weight, @Nullable String enabled,
			@Nullable String circuitState, @Nullable String reset) {
		if (this.registry.find(name).isEmpty()) {
			return notFound(name);
		}
		ProviderChange change;
		try {
			change = ProviderUpdate.parse(weight, enabled, circuitState, reset);
		}
		catch (IllegalArgumentException ex) {
			return new WebEndpointResponse<>(error(String.valueOf(ex.getMessage())),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return this.registry.update(name, change)
			.map((provider) -> new WebEndpointResponse<Object>(describe(provider, memberships())))
			.orElseGet(() -> notFound(name));
	}

	private WebEndpointResponse<Object> notFound(String name) {
		String known = this.registry.providers().stream().map(ProviderSnapshot::name).collect(Collectors.joining(", "));
		return new WebEndpointResponse<>(error("No LLM provider named '" + name + "'; known: " + known),
				WebEndpointResponse.STATUS_NOT_FOUND);
	}

	/**
	 * An error answer, written by the actuator's own JSON mapper like every answer here.
	 */
	private static Map<String, String> error(String message) {
		return OperationResponseBody.of(Map.of("error", message));
	}

	/**
	 * The endpoint's answer: every provider, lowest priority first, and how routing copes
	 * with degraded providers on this instance. An {@link OperationResponseBody}, so that
	 * the actuator's own JSON mapper writes it and the application's Jackson settings do
	 * not change it.
	 *
	 * @param providers the providers
	 * @param panic whether requests are routed past open circuits
	 * @param retryBudget the retry budget
	 * @param groups the model groups, in the order configured
	 * @param defaultGroup the group that serves requests that name none
	 */
	public record ProvidersDescriptor(List<ProviderDescriptor> providers, DegradedRoutingDescriptor.Panic panic,
			DegradedRoutingDescriptor.Budget retryBudget, List<GroupDescriptor> groups,
			String defaultGroup) implements OperationResponseBody {
	}

}
