package io.github.llmfailover.sample.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.sample.demo.Fault;
import io.github.llmfailover.sample.demo.SimulatedProviders;

/**
 * Steady load on the sample app (whole answers and streams, over real HTTP) while faults
 * are injected in turn on its simulated providers, one phase each, healed between phases.
 * Records every request in the phase it started in, and how long the healed provider took
 * to serve again. A phase lasts its length and, on a machine too busy to finish a request
 * a client in that time, until each client could have finished one. Bounded: each phase
 * and each recovery has a time limit, and the load stops with it.
 */
final class FaultSoak {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = //
			new ParameterizedTypeReference<>() {
			};

	private final WebClient client;

	private final SimulatedProviders simulators;

	private final Duration phaseLength;

	private final Duration recoveryLimit;

	private final int chatLoops;

	private final int streamLoops;

	private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(50);

	private final AtomicReference<SoakPhase> current = new AtomicReference<>();

	private final ProviderRegistry providers;

	private volatile long lastFailureNanos;

	FaultSoak(WebClient client, SimulatedProviders simulators, ProviderRegistry providers, Duration phaseLength,
			Duration recoveryLimit, int chatLoops, int streamLoops) {
		this.client = client;
		this.simulators = simulators;
		this.providers = providers;
		this.phaseLength = phaseLength;
		this.recoveryLimit = recoveryLimit;
		this.chatLoops = chatLoops;
		this.streamLoops = streamLoops;
	}

	/** The fault catalogue, in the order it is played. */
	static List<SoakPhase> catalogue() {
		List<SoakPhase> phases = new ArrayList<>();
		phases.add(new SoakPhase("healthy", Fault.NONE, Set.of()));
		phases.add(new SoakPhase("refused connections", Fault.REFUSE, Set.of("openai")));
		phases.add(new SoakPhase("connection resets", Fault.RESET, Set.of("anthropic")));
		phases.add(new SoakPhase("hang before headers", Fault.HANG, Set.of("openai")));
		phases.add(new SoakPhase("slow first token (3 s)", Fault.SLOW_FIRST_TOKEN, Set.of("anthropic")));
		phases.add(new SoakPhase("429 with Retry-After", Fault.RATE_LIMITED, Set.of("openai")));
		phases.add(new SoakPhase("503 overloaded", Fault.OVERLOADED, Set.of("openai")));
		phases.add(new SoakPhase("529 overloaded", Fault.OVERLOADED, Set.of("anthropic")));
		phases.add(new SoakPhase("500 with a garbage body", Fault.GARBAGE_500, Set.of("openai")));
		phases.add(new SoakPhase("truncated JSON", Fault.TRUNCATED, Set.of("anthropic")));
		phases.add(new SoakPhase("error events in the stream", Fault.ERROR_EVENT, Set.of("openai")));
		phases.add(new SoakPhase("disconnect mid-stream", Fault.BREAK_MID_STREAM, Set.of("anthropic")));
		phases.add(new SoakPhase("both remote providers down", Fault.SERVER_ERROR, Set.of("openai", "anthropic")));
		phases.add(new SoakPhase("all providers down", Fault.REFUSE, Set.of("openai", "anthropic", "local")));
		phases.add(new SoakPhase("healthy again", Fault.NONE, Set.of()));
		return phases;
	}

	List<SoakPhase> run(List<SoakPhase> phases) throws InterruptedException {
		this.current.set(phases.get(0));
		Disposable load = Flux.merge(loops(this.chatLoops, false), loops(this.streamLoops, true)).subscribe();
		try {
			for (SoakPhase phase : phases) {
				play(phase);
			}
		}
		finally {
			load.dispose();
			this.simulators.resetAll();
		}
		return phases;
	}

	private void play(SoakPhase phase) throws InterruptedException {
		this.current.set(phase);
		phase.targets().forEach((name) -> this.simulators.find(name).orElseThrow().setFault(phase.fault(), null));
		long startedAt = System.nanoTime();
		Thread.sleep(this.phaseLength.toMillis());
		long limit = startedAt + this.phaseLength.plus(this.recoveryLimit).toNanos();
		while (phase.count((result) -> true) < this.chatLoops + this.streamLoops && System.nanoTime() < limit) {
			Thread.sleep(20);
		}
		if (phase.targets().isEmpty()) {
			return;
		}
		long healedAt = System.nanoTime();
		phase.targets().forEach((name) -> this.simulators.find(name).orElseThrow().reset());
		// Requests after the heal belong to a recovery phase of their own.
		SoakPhase recovery = new SoakPhase(phase.name() + " (recovery)", Fault.NONE, Set.of());
		this.current.set(recovery);
		long deadline = healedAt + this.recoveryLimit.toNanos();
		while (System.nanoTime() < deadline && !backInRotation(phase.targets(), recovery)) {
			Thread.sleep(20);
		}
		phase.recovered(backInRotation(phase.targets(), recovery) ? (System.nanoTime() - healedAt) / 1_000_000 : null);
	}

	/**
	 * Whether every healed provider is back: its circuit closed again, out of any
	 * cooldown, and (for the ones that get traffic while healthy) serving requests. A
	 * fallback tier gets no traffic while the first tier serves, so its circuit may stay
	 * half-open, waiting for trial calls, until it is needed again: in rotation is back.
	 */
	private boolean backInRotation(Set<String> healed, SoakPhase recovery) {
		for (String name : healed) {
			ProviderSnapshot provider = this.providers.find(name).orElseThrow();
			boolean closed = provider.circuitState() == CircuitBreaker.State.CLOSED
					|| (provider.priority() > 0 && provider.circuitState() == CircuitBreaker.State.HALF_OPEN);
			boolean serving = provider.priority() > 0
					|| recovery.results().stream().anyMatch((r) -> name.equals(r.provider()));
			if (!closed || !provider.inRotation() || !serving) {
				return false;
			}
		}
		return true;
	}

	private Flux<Void> loops(int count, boolean stream) {
		return Flux.range(0, count)
			.flatMap((loop) -> Mono.defer(() -> stream ? stream() : chat()).repeat().then(), count);
	}

	private Mono<Void> chat() {
		SoakPhase startedIn = this.current.get();
		long start = System.nanoTime();
		return this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"soak\"}")
			.exchangeToMono(
					(response) -> response.bodyToMono(String.class)
						.defaultIfEmpty("")
						.doOnNext((body) -> record(startedIn, new SoakResult(false, response.statusCode().value(),
								provider(response.headers().asHttpHeaders().getFirst("X-Provider")), millisSince(start),
								false, response.statusCode().is2xxSuccessful() ? "" : abbreviate(body))))
						.then())
			.onErrorResume((error) -> failed(startedIn, false, start, error))
			.then(Mono.defer(this::pauseAfterFailure))
			.subscribeOn(Schedulers.parallel());
	}

	private Mono<Void> stream() {
		SoakPhase startedIn = this.current.get();
		long start = System.nanoTime();
		return this.client.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"soak\"}")
			.exchangeToMono((response) -> {
				String provider = provider(response.headers().asHttpHeaders().getFirst("X-Provider"));
				if (!response.statusCode().is2xxSuccessful()) {
					return response.bodyToMono(String.class)
						.defaultIfEmpty("")
						.doOnNext((body) -> record(startedIn,
								new SoakResult(true, response.statusCode().value(), provider, millisSince(start), false,
										abbreviate(body))))
						.then();
				}
				return response.bodyToFlux(EVENTS).last().doOnNext((last) -> {
					boolean interrupted = "error".equals(last.event());
					boolean complete = last.data() != null && last.data().contains("finishReason");
					if (!interrupted && !complete) {
						// A stream that stopped without its last chunk and without saying
						// so: the silent truncation the library must never allow.
						record(startedIn, new SoakResult(true, 599, provider, millisSince(start), false,
								"ended without its last chunk"));
						return;
					}
					record(startedIn, new SoakResult(true, 200, provider, millisSince(start), interrupted,
							interrupted ? String.valueOf(last.data()) : ""));
				}).then();
			})
			.onErrorResume((error) -> failed(startedIn, true, start, error))
			.then(Mono.defer(this::pauseAfterFailure))
			.subscribeOn(Schedulers.parallel());
	}

	/**
	 * Results count in the phase they ended in, when their outcome was seen; an
	 * interruption is explained by the fault of the phase it started or ended in.
	 */
	private void record(SoakPhase startedIn, SoakResult result) {
		SoakPhase endedIn = this.current.get();
		endedIn.record(result.explainedBy(startedIn, endedIn));
		if (!result.served()) {
			this.lastFailureNanos = System.nanoTime();
		}
	}

	/** The soak's own HTTP call failed: the app did not answer properly. */
	private Mono<Void> failed(SoakPhase startedIn, boolean stream, long start, Throwable error) {
		record(startedIn, new SoakResult(stream, 0, "none", millisSince(start), false, String.valueOf(error)));
		return Mono.empty();
	}

	/** After a failure a client waits a moment, as one honouring Retry-After would. */
	private Mono<Void> pauseAfterFailure() {
		boolean justFailed = System.nanoTime() - this.lastFailureNanos < PAUSE_AFTER_FAILURE.toNanos();
		return justFailed ? Mono.delay(PAUSE_AFTER_FAILURE).then() : Mono.empty();
	}

	private static String abbreviate(String text) {
		return (text.length() <= 240) ? text : text.substring(0, 240) + "...";
	}

	private static String provider(String header) {
		return (header != null) ? header : "none";
	}

	private static long millisSince(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

}
