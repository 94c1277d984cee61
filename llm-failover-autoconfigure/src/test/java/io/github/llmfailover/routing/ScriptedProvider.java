package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.provider.ProviderClient;
import io.github.llmfailover.provider.ProviderException;

/**
 * A provider whose answers a test scripts: the next answers in order, then a default.
 * Records when it was called (in scheduler time, so virtual time in virtual-time tests)
 * and how often a call was cancelled.
 */
final class ScriptedProvider implements ProviderClient {

	private final String name;

	private final Queue<Supplier<Mono<Completion>>> script = new ConcurrentLinkedQueue<>();

	private volatile Supplier<Mono<Completion>> otherwise;

	final AtomicInteger calls = new AtomicInteger();

	final AtomicInteger cancellations = new AtomicInteger();

	final List<Long> callTimesNanos = new CopyOnWriteArrayList<>();

	ScriptedProvider(String name) {
		this.name = name;
		this.otherwise = () -> ok("answer from " + name);
	}

	static Mono<Completion> ok(String content) {
		return Mono.just(new Completion(content, "model", FinishReason.STOP, new TokenUsage(3, 5)));
	}

	Mono<Completion> status(int status) {
		return status(status, null, null, null);
	}

	Mono<Completion> status(int status, @Nullable String code, @Nullable Duration retryAfter,
			@Nullable Boolean shouldRetry) {
		return Mono.error(ProviderException.errorStatus(this.name, status, "HTTP " + status + " from " + this.name,
				code, retryAfter, shouldRetry));
	}

	/** Answer the next calls with these, in order. */
	@SafeVarargs
	final ScriptedProvider then(Supplier<Mono<Completion>>... answers) {
		this.script.addAll(List.of(answers));
		return this;
	}

	/** Answer every call not scripted otherwise with this. */
	ScriptedProvider always(Supplier<Mono<Completion>> answer) {
		this.otherwise = answer;
		return this;
	}

	@Override
	public Mono<Completion> complete(ChatRequest request) {
		return Mono.defer(() -> {
			this.calls.incrementAndGet();
			this.callTimesNanos.add(Schedulers.parallel().now(TimeUnit.NANOSECONDS));
			Supplier<Mono<Completion>> next = this.script.poll();
			return ((next != null) ? next : this.otherwise).get().doOnCancel(this.cancellations::incrementAndGet);
		});
	}

}
