package io.github.llmfailover.sample.agent;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.sample.demo.Fault;
import io.github.llmfailover.sample.demo.SimulatedProviders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent loop keeps going while providers break: each turn's provider breaks as soon
 * as the turn ends, so a tool call made by one provider has its result answered by
 * another, of another wire format, and so on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AgentLoopTests {

	@Autowired
	private FailoverChatClient client;

	@Autowired
	private SimulatedProviders simulators;

	@AfterEach
	void restore() {
		this.simulators.resetAll();
	}

	@Test
	void eachTurnIsServedByAnotherProviderAfterThePreviousOneBroke() {
		AgentTools tools = new AgentTools(Clock.fixed(Instant.parse("2026-11-30T05:00:00Z"), ZoneOffset.UTC));
		List<AgentTurn> turns = new AgentLoop(this.client, tools)
			.run("Please add 2 and 40, then tell me the current time.",
					(turn) -> this.simulators.find(turn.provider()).orElseThrow().setFault(Fault.SERVER_ERROR, null))
			.block();
		assertThat(turns).hasSize(3);
		Set<String> providers = new HashSet<>();
		turns.forEach((turn) -> providers.add(turn.provider()));
		assertThat(providers).containsExactlyInAnyOrder("openai", "anthropic", "local");
		assertThat(turns.get(0).toolCalls().get(0).name()).isEqualTo("add");
		assertThat(turns.get(0).toolCalls().get(0).result()).isEqualTo("{\"sum\":42.0}");
		assertThat(turns.get(1).toolCalls().get(0).name()).isEqualTo("current_time");
		assertThat(turns.get(2).toolCalls()).isEmpty();
		assertThat(turns.get(2).content()).contains("{\"sum\":42.0}").contains("2026-11-30T05:00:00Z");
	}

}
