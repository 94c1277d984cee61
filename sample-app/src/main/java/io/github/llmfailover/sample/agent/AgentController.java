package io.github.llmfailover.sample.agent;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.github.llmfailover.chat.FailoverChatClient;

/**
 * {@code POST /agent} {@code {"prompt": "..."}}: the agent loop with the built-in tools,
 * answering with every turn (which provider served it, the tools it called and their
 * results). Break providers on the dashboard meanwhile: the loop carries on elsewhere.
 */
@RestController
class AgentController {

	private final AgentLoop loop;

	AgentController(FailoverChatClient client) {
		this.loop = new AgentLoop(client, new AgentTools(Clock.systemUTC()));
	}

	@PostMapping("/agent")
	Mono<Map<String, Object>> agent(@RequestBody Map<String, Object> body) {
		Object prompt = body.get("prompt");
		if (!(prompt instanceof String text) || text.isBlank()) {
			return Mono
				.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "'prompt' must be a non-empty string"));
		}
		return this.loop.run(text, (turn) -> {
		}).map((turns) -> Map.of("answer", turns.get(turns.size() - 1).content(), "turns", (List<?>) turns));
	}

}
