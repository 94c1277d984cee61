package io.github.llmfailover.autoconfigure;

import java.io.IOException;
import java.util.List;

import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.core.io.ByteArrayResource;

import io.github.llmfailover.actuate.GroupDescriptor;
import io.github.llmfailover.actuate.LlmProvidersEndpoint;
import io.github.llmfailover.actuate.LlmProvidersEndpoint.ProvidersDescriptor;
import io.github.llmfailover.actuate.ProviderDescriptor;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.FailoverChatClients;
import io.github.llmfailover.chat.ModelGroup;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.test.ExpectedStartupFailures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Model groups ({@code llm.failover.groups}) as the auto-configuration builds them, and
 * the start-up failures of bad group configuration.
 */
@ExtendWith(ExpectedStartupFailures.class)
class ModelGroupsAutoConfigurationTests {

	private static final String[] TWO_GROUPS = { "llm.failover.groups.fast.aliases=gpt-4o-mini,small",
			"llm.failover.groups.fast.providers.openai.weight=1", "llm.failover.groups.fast.providers.local.weight=3",
			"llm.failover.groups.fast.providers.local.priority=0", "llm.failover.groups.fast.max-attempts=1",
			"llm.failover.groups.strong.providers.anthropic.priority=0",
			"llm.failover.groups.strong.providers.openai.priority=1" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmFailoverAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class))
		.withPropertyValues(LlmFailoverAutoConfigurationTests.THREE_PROVIDERS);

	@Test
	void withoutGroupsEveryProviderIsInTheOneDefaultGroup() {
		this.runner.run((context) -> {
			FailoverChatClients clients = context.getBean(FailoverChatClients.class);
			assertThat(clients.isGrouped()).isFalse();
			assertThat(clients.groups())
				.containsExactly(new ModelGroup("default", List.of(), List.of("openai", "anthropic", "local"), true));
			assertThat(context.getBean(FailoverChatClient.class)).isSameAs(clients.getDefault())
				.isSameAs(clients.get("default"));
			ProviderRegistry registry = context.getBean(ProviderRegistry.class);
			assertThat(registry.groups()).containsOnlyKeys("default");
			assertThat(registry.defaultGroup()).isSameAs(registry);
			assertThat(clients.find("gpt-4o-mini")).isEmpty();
		});
	}

	@Test
	void eachGroupRoutesItsProvidersAtTheirPriorityAndWeightInTheGroup() {
		this.runner.withPropertyValues(TWO_GROUPS).run((context) -> {
			ProviderRegistry registry = context.getBean(ProviderRegistry.class);
			assertThat(registry.groups()).containsOnlyKeys("default", "fast", "strong");
			// openai 3 and local 1 on its own; 1 and 3 in the same tier in fast.
			assertThat(registry.group("fast").orElseThrow().providers())
				.extracting(ProviderSnapshot::name, ProviderSnapshot::priority, ProviderSnapshot::weight,
						ProviderSnapshot::share)
				.containsExactly(tuple("openai", 0, 1, 0.25), tuple("local", 0, 3, 0.75));
			assertThat(registry.group("strong").orElseThrow().providers())
				.extracting(ProviderSnapshot::name, ProviderSnapshot::priority, ProviderSnapshot::weight,
						ProviderSnapshot::share)
				.containsExactly(tuple("anthropic", 0, 2, 1.0), tuple("openai", 1, 3, 0.0));
			// The registry of every provider is unchanged, and still the default.
			assertThat(registry.providers()).extracting(ProviderSnapshot::name, ProviderSnapshot::share)
				.containsExactly(tuple("openai", 0.6), tuple("anthropic", 0.4), tuple("local", 0.0));
			FailoverChatClients clients = context.getBean(FailoverChatClients.class);
			assertThat(clients.isGrouped()).isTrue();
			assertThat(clients.groups()).containsExactly(
					new ModelGroup("default", List.of(), List.of("openai", "anthropic", "local"), true),
					new ModelGroup("fast", List.of("gpt-4o-mini", "small"), List.of("openai", "local"), false),
					new ModelGroup("strong", List.of(), List.of("anthropic", "openai"), false));
			assertThat(clients.get("small")).isSameAs(clients.get("fast")).isNotSameAs(clients.get("strong"));
			assertThat(context.getBean(FailoverChatClient.class)).isSameAs(clients.get("default"));
		});
	}

	@Test
	void theEndpointShowsTheGroupsAndEachProvidersPlaceInThem() {
		this.runner.withConfiguration(AutoConfigurations.of(LlmProvidersEndpointAutoConfiguration.class))
			.withPropertyValues(TWO_GROUPS)
			.withPropertyValues("management.endpoints.web.exposure.include=llmproviders")
			.run((context) -> {
				ProvidersDescriptor descriptor = context.getBean(LlmProvidersEndpoint.class).providers();
				assertThat(descriptor.defaultGroup()).isEqualTo("default");
				assertThat(descriptor.groups()).containsExactly(
						new GroupDescriptor("default", List.of(), List.of("openai", "anthropic", "local")),
						new GroupDescriptor("fast", List.of("gpt-4o-mini", "small"), List.of("openai", "local")),
						new GroupDescriptor("strong", List.of(), List.of("anthropic", "openai")));
				ProviderDescriptor openai = descriptor.providers().get(0);
				assertThat(openai.name()).isEqualTo("openai");
				assertThat(openai.groups()).containsExactly(new GroupDescriptor.Membership("default", 0, 3, 0.6, true),
						new GroupDescriptor.Membership("fast", 0, 1, 0.25, true),
						new GroupDescriptor.Membership("strong", 1, 3, 0.0, true));
				assertThat(JsonMapper.builder().build().writeValueAsString(descriptor))
					.contains("\"groups\":[{\"name\":\"default\",\"priority\":0,\"weight\":3,\"share\":0.6,"
							+ "\"inRotation\":true}");
			});
	}

	@Test
	void theDefaultGroupCanBeOneOfTheGroups() {
		this.runner.withPropertyValues(TWO_GROUPS)
			.withPropertyValues("llm.failover.default-group=strong")
			.run((context) -> {
				FailoverChatClients clients = context.getBean(FailoverChatClients.class);
				assertThat(clients.groups()).extracting(ModelGroup::name, ModelGroup::isDefault)
					.containsExactly(tuple("fast", false), tuple("strong", true));
				assertThat(context.getBean(FailoverChatClient.class)).isSameAs(clients.get("strong"));
				assertThat(clients.find("default")).isEmpty();
				assertThat(context.getBean(ProviderRegistry.class).defaultGroup().name()).isEqualTo("strong");
			});
	}

	@Test
	void aGroupNamedDefaultIsTheDefault() {
		this.runner.withPropertyValues("llm.failover.groups.default.providers.local.weight=1").run((context) -> {
			FailoverChatClients clients = context.getBean(FailoverChatClients.class);
			assertThat(clients.groups()).containsExactly(new ModelGroup("default", List.of(), List.of("local"), true));
			assertThat(context.getBean(ProviderRegistry.class).defaultGroup().providers())
				.extracting(ProviderSnapshot::name)
				.containsExactly("local");
		});
	}

	@Test
	void aProviderListedWithoutSettingsInYamlKeepsItsOwnPriorityAndWeight() {
		String yaml = """
				llm:
				  failover:
				    groups:
				      strong:
				        providers:
				          anthropic: {}
				          local:
				""";
		this.runner.withInitializer((context) -> {
			try {
				new YamlPropertySourceLoader().load("groups", new ByteArrayResource(yaml.getBytes()))
					.forEach(context.getEnvironment().getPropertySources()::addFirst);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ProviderRegistry.class).group("strong").orElseThrow().providers())
				.extracting(ProviderSnapshot::name, ProviderSnapshot::priority, ProviderSnapshot::weight)
				.containsExactly(tuple("anthropic", 0, 2), tuple("local", 1, 1));
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					llm.failover.groups.fast.aliases=small                        | llm.failover.groups.fast.providers is empty: the group has no provider | e.g. llm.failover.groups.fast.providers.openai.weight=1
					llm.failover.groups.fast.providers.gemini.weight=1            | llm.failover.groups.fast.providers.gemini names no configured provider (known: openai, anthropic, local) | or configure llm.failover.providers.gemini
					llm.failover.groups.fast.providers.openai.weight=-1           | llm.failover.groups.fast.providers.openai.weight is -1; a weight must not be negative | 0 to keep the provider out of this group's rotation
					llm.failover.groups.fast.providers.openai.weight=0            | llm.failover.groups.fast.providers of priority 0 (openai) all have weight 0 | a positive weight
					llm.failover.default-group=fastest                            | llm.failover.default-group is 'fastest', which names no group | Remove llm.failover.default-group, or configure a group of that name
					llm.failover.groups.fast.max-attempts=0                       | llm.failover.groups.fast.max-attempts is 0 | or remove it for llm.failover.max-attempts
					llm.failover.groups.fast.attempt-timeout=2m                   | llm.failover.groups.fast.attempt-timeout (PT2M) is longer than the group's timeout (PT1M) | at most its timeout
					""")
	void aBadGroupFailsStartUp(String property, String description, String action) {
		assertAnalysis(this.runner.withPropertyValues(property), description, action);
	}

	@Test
	void anAliasThatIsTheNameOfAnotherGroupFailsStartUp() {
		assertAnalysis(
				this.runner.withPropertyValues(TWO_GROUPS)
					.withPropertyValues("llm.failover.groups.strong.aliases=fast"),
				"llm.failover.groups.strong.aliases has 'fast', which is already the name of group 'fast'",
				"a model name must choose one group");
	}

	@Test
	void anAliasOfTwoGroupsFailsStartUp() {
		assertAnalysis(
				this.runner.withPropertyValues(TWO_GROUPS)
					.withPropertyValues("llm.failover.groups.strong.aliases=small"),
				"llm.failover.groups.strong.aliases has 'small', which is already an alias of group 'fast'",
				"Remove 'small' from llm.failover.groups.strong.aliases or from the other group");
	}

	@Test
	void anAliasCalledDefaultClashesWithTheDefaultGroupOfEveryProvider() {
		assertAnalysis(
				this.runner.withPropertyValues(TWO_GROUPS)
					.withPropertyValues("llm.failover.groups.strong.aliases=default"),
				"llm.failover.groups.strong.aliases has 'default', which is already the name of group 'default'",
				"a model name must choose one group");
	}

	private static void assertAnalysis(ApplicationContextRunner runner, String description, String action) {
		runner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new LlmFailoverFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
			assertThat(analysis.getDescription()).startsWith("The llm-failover configuration is invalid")
				.contains(description);
			assertThat(analysis.getAction()).contains(action);
		});
	}

}
