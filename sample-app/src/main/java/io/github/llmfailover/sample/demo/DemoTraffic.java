package io.github.llmfailover.sample.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.LlmFailoverException;

/**
 * Demo traffic: a bounded stream of chat requests through the failover client, so that
 * the dashboard shows how traffic moves when a provider breaks. Keeps the outcome of the
 * latest requests (bounded) for the dashboard's "recent traffic" view. Stops by itself
 * after ten minutes.
 */
public final class DemoTraffic {

	static final int MAX_RATE = 20;

	static final Duration LONGEST_RUN = Duration.ofMinutes(10);

	private static final int KEPT_RESULTS = 200;

	private static final String[] PROMPTS = { "Why do circuit breakers help?", "What is a retry with jitter?",
			"Explain failover in one sentence.", "What does Retry-After mean?", "Name three LLM providers." };

	private final FailoverChatClient client;

	private final Deque<Result> results = new ArrayDeque<>();

	private @Nullable Disposable running;

	private int rate;

	private @Nullable Instant stopsAt;

	private long sent;

	DemoTraffic(FailoverChatClient client) {
		this.client = client;
	}

	/**
	 * Start sending, or change the rate.
	 * @param requestsPerSecond between 1 and {@link #MAX_RATE}
	 */
	public synchronized void start(int requestsPerSecond) {
		if (requestsPerSecond < 1 || requestsPerSecond > MAX_RATE) {
			throw new IllegalArgumentException("rate must be between 1 and " + MAX_RATE + " requests per second");
		}
		stop();
		this.rate = requestsPerSecond;
		this.stopsAt = Instant.now().plus(LONGEST_RUN);
		this.running = Flux.interval(Duration.ofMillis(1000 / requestsPerSecond))
			.take(LONGEST_RUN)
			.flatMap((tick) -> send(PROMPTS[(int) (tick % PROMPTS.length)]), MAX_RATE * 10)
			.doFinally((signal) -> stopped())
			.subscribe();
	}

	public synchronized void stop() {
		if (this.running != null) {
			this.running.dispose();
			this.running = null;
		}
	}

	private synchronized void stopped() {
		this.stopsAt = null;
	}

	private Mono<Void> send(String prompt) {
		long start = System.nanoTime();
		synchronized (this) {
			this.sent++;
		}
		return this.client.chat(ChatRequest.of(prompt))
			.doOnNext((response) -> record(new Result(Instant.now(), response.provider(), true,
					Duration.ofNanos(System.nanoTime() - start).toMillis(), response.attempts().size(), null)))
			.onErrorResume((error) -> {
				String message = (error instanceof LlmFailoverException) ? error.getClass().getSimpleName()
						: "unexpected error";
				record(new Result(Instant.now(), "none", false, Duration.ofNanos(System.nanoTime() - start).toMillis(),
						0, message));
				return Mono.empty();
			})
			.then();
	}

	private synchronized void record(Result result) {
		if (this.results.size() == KEPT_RESULTS) {
			this.results.removeFirst();
		}
		this.results.addLast(result);
	}

	public synchronized State state() {
		return new State(this.running != null && !this.running.isDisposed(), this.rate, this.stopsAt, this.sent,
				new ArrayList<>(this.results));
	}

	/**
	 * The traffic's state.
	 *
	 * @param running whether requests are being sent
	 * @param rate requests per second
	 * @param stopsAt when it stops by itself
	 * @param sent requests sent since start-up
	 * @param recent the latest results, oldest first
	 */
	public record State(boolean running, int rate, @Nullable Instant stopsAt, long sent, List<Result> recent) {
	}

	/**
	 * One demo request's result.
	 *
	 * @param time when it ended
	 * @param provider who served it, or {@code none}
	 * @param served whether it got an answer
	 * @param latencyMs how long it took
	 * @param attempts how many attempts it took
	 * @param error the failure, when it got none
	 */
	public record Result(Instant time, String provider, boolean served, long latencyMs, int attempts,
			@Nullable String error) {
	}

}
