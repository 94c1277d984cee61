package io.github.llmfailover.sample.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.LlmFailoverException;
import io.github.llmfailover.sample.demo.Fault;
import io.github.llmfailover.sample.demo.SimulatedProviders;

/**
 * {@code POST /agent} {@code {"prompt": "..."}}: the agent loop with the built-in tools,
 * answering with every turn (which provider served it, the attempts that failed before,
 * the tools it called and their results). {@code POST /agent/stream} sends each turn as a
 * server-sent event as soon as it ends, for the dashboard. Break providers meanwhile: the
 * loop carries on elsewhere. In the demo, {@code "breakEachTurnsProvider": true} does it
 * for you: the provider that served a turn gets a server error (for a minute) before the
 * next turn starts, so each turn's tool results are answered by another provider.
 */
@RestController
class AgentController {

	/** How long a provider broken by the loop stays broken. */
	static final Duration BREAK = Duration.ofMinutes(1);

	private final AgentLoop loop;

	private final ObjectProvider<SimulatedProviders> simulators;

	AgentController(FailoverChatClient client, ObjectProvider<SimulatedProviders> simulators) {
		this.loop = new AgentLoop(client, new AgentTools(Clock.systemUTC()));
		this.simulators = simulators;
	}

	@PostMapping("/agent")
	Mono<Map<String, Object>> agent(@RequestBody Map<String, Object> body) {
		return Mono.fromCallable(() -> afterTurn(body))
			.flatMap((afterTurn) -> this.loop.run(prompt(body), afterTurn))
			.map((turns) -> Map.of("answer", turns.get(turns.size() - 1).content(), "turns", (List<?>) turns));
	}

	@PostMapping(path = "/agent/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> stream(@RequestBody Map<String, Object> body) {
		String prompt = prompt(body);
		Consumer<AgentTurn> afterTurn = afterTurn(body);
		Flux<AgentTurn> turns = Flux.create((sink) -> {
			Disposable run = this.loop.run(prompt, afterTurn.andThen(sink::next))
				.subscribe((all) -> sink.complete(), sink::error);
			sink.onDispose(run);
		});
		return turns.map((turn) -> ServerSentEvent.<Object>builder(turn).event("turn").build())
			.onErrorResume((error) -> Flux
				.just(ServerSentEvent.<Object>builder(Map.of("error", message(error))).event("error").build()));
	}

	private static String prompt(Map<String, Object> body) {
		if (!(body.get("prompt") instanceof String text) || text.isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'prompt' must be a non-empty string");
		}
		return text;
	}

	private Consumer<AgentTurn> afterTurn(Map<String, Object> body) {
		Object breaking = body.get("breakEachTurnsProvider");
		if (breaking == null || Boolean.FALSE.equals(breaking)) {
			return (turn) -> {
			};
		}
		SimulatedProviders simulators = this.simulators.getIfAvailable();
		if (!Boolean.TRUE.equals(breaking) || simulators == null) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"'breakEachTurnsProvider' must be true or false, and true only in the demo profile, whose "
							+ "simulated providers it breaks");
		}
		return (turn) -> simulators.find(turn.provider())
			.ifPresent((simulator) -> simulator.setFault(Fault.SERVER_ERROR, BREAK));
	}

	private static String message(Throwable error) {
		String message = (error instanceof LlmFailoverException) ? error.getMessage() : null;
		return (message != null) ? message : "The agent loop failed";
	}

}
