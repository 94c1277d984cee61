package io.github.llmfailover.sample.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chaos controls of the demo, under {@code /demo/providers}: make a simulated provider
 * fail ({@code POST /demo/providers/{name}/fault} with {@code {"fault": "rate-limited",
 * "seconds": 30}}), or heal it ({@code POST /demo/providers/{name}/reset}, or all at once
 * with {@code POST /demo/providers/reset}). Faults last at most ten minutes.
 */
@RestController
@Profile(DemoPorts.PROFILE)
@RequestMapping("/demo/providers")
class ChaosController {

	static final Duration LONGEST_FAULT = Duration.ofMinutes(10);

	private final SimulatedProviders simulators;

	ChaosController(SimulatedProviders simulators) {
		this.simulators = simulators;
	}

	@GetMapping
	List<SimulatorState> all() {
		return this.simulators.all().stream().map(SimulatorState::of).toList();
	}

	@PostMapping("/{name}/fault")
	ResponseEntity<Object> fault(@PathVariable String name,
			@RequestBody(required = false) @Nullable FaultRequest request) {
		SimulatedProvider simulator = this.simulators.find(name).orElse(null);
		if (simulator == null) {
			return error(HttpStatus.NOT_FOUND,
					"No simulated provider named '" + name + "'; known: openai, anthropic, local");
		}
		if (request == null || request.fault() == null) {
			return error(HttpStatus.BAD_REQUEST, "Send {\"fault\": \"...\", \"seconds\": n}; faults: " + Fault.names());
		}
		Fault fault;
		try {
			fault = Fault.parse(request.fault());
		}
		catch (IllegalArgumentException ex) {
			return error(HttpStatus.BAD_REQUEST, String.valueOf(ex.getMessage()));
		}
		Duration duration = (request.seconds() != null) ? Duration.ofSeconds(request.seconds()) : LONGEST_FAULT;
		if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST_FAULT) > 0) {
			return error(HttpStatus.BAD_REQUEST, "seconds must be between 1 and " + LONGEST_FAULT.toSeconds());
		}
		simulator.setFault(fault, duration);
		return ResponseEntity.ok(SimulatorState.of(simulator));
	}

	@PostMapping("/{name}/reset")
	ResponseEntity<Object> reset(@PathVariable String name) {
		SimulatedProvider simulator = this.simulators.find(name).orElse(null);
		if (simulator == null) {
			return error(HttpStatus.NOT_FOUND, "No simulated provider named '" + name + "'");
		}
		simulator.reset();
		return ResponseEntity.ok(SimulatorState.of(simulator));
	}

	@PostMapping("/reset")
	List<SimulatorState> resetAll() {
		this.simulators.resetAll();
		return all();
	}

	private static ResponseEntity<Object> error(HttpStatus status, String message) {
		return ResponseEntity.status(status).body(Map.of("error", message));
	}

	/**
	 * A fault to inject.
	 *
	 * @param fault its name, e.g. {@code server-error}, {@code rate-limited},
	 * {@code hang}
	 * @param seconds how long it lasts, at most ten minutes (the default)
	 */
	record FaultRequest(@Nullable String fault, @Nullable Long seconds) {
	}

	/**
	 * A simulator as the chaos controls show it.
	 *
	 * @param name its name
	 * @param port its port on 127.0.0.1
	 * @param fault its current fault
	 * @param faultUntil when the fault ends by itself
	 * @param requests requests it received
	 */
	record SimulatorState(String name, int port, String fault, @Nullable Instant faultUntil, long requests) {

		static SimulatorState of(SimulatedProvider simulator) {
			return new SimulatorState(simulator.name(), simulator.port(), simulator.fault().displayName(),
					simulator.faultUntil(), simulator.requests());
		}

	}

}
