package io.github.llmfailover.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FailoverChatClient;

/**
 * What the failover layer costs a stream: {@link FailoverChatClient#stream}
 * (auto-configured as an application gets it, one provider) against the same streamed
 * request made with the application's own {@link WebClient}, reading the server-sent
 * events and each chunk's text as any caller does, both to one local upstream that
 * streams {@value #CHUNKS} chunks at once. Throughput is whole streams per second (times
 * {@value #CHUNKS} for chunks per second); while it is measured, the time from each call
 * to its first content token is recorded and written, as percentiles, to
 * {@code first-token-<benchmark>.json} in the directory named by the system property
 * {@code stream.results} ({@code benchmarks/target/stream-jmh} by default), with the
 * process's CPU time per stream in the measured iterations (the upstream's share
 * included, the same in both): on a machine shared with other work, CPU per stream
 * compares the two where throughput mostly measures what the others leave.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamOverheadBenchmark {

	/** Chunks of text in each streamed answer. */
	static final int CHUNKS = 50;

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = //
			new ParameterizedTypeReference<>() {
			};

	private static final ChatRequest REQUEST = ChatRequest.builder()
		.system("You are a helpful assistant.")
		.user("Say hello.")
		.build();

	private StreamUpstream upstream;

	private ConfigurableApplicationContext application;

	private WebClient raw;

	private FailoverChatClient failover;

	private String benchmark;

	private final FirstTokens firstTokens = new FirstTokens();

	private volatile boolean measuring;

	private long cpuNanosAtStart;

	private final AtomicInteger streams = new AtomicInteger();

	private long measuredCpuNanos;

	@Setup(Level.Trial)
	public void start(BenchmarkParams params) {
		this.benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
		this.upstream = new StreamUpstream(0, Duration.ZERO, Duration.ZERO, CHUNKS);
		this.application = BenchmarkContexts.start(this.upstream.baseUrl(), "a");
		// The baseline is what the application would write without the starter.
		this.raw = this.application.getBean(WebClient.Builder.class)
			.defaultHeaders((headers) -> headers.setBearerAuth("sk-bench"))
			.build();
		this.failover = this.application.getBean(FailoverChatClient.class);
	}

	@Setup(Level.Iteration)
	public void iteration(IterationParams params) {
		this.measuring = params.getType() == IterationType.MEASUREMENT;
		this.cpuNanosAtStart = processCpuNanos();
	}

	@TearDown(Level.Iteration)
	public void iterationEnd() {
		if (this.measuring) {
			this.measuredCpuNanos += processCpuNanos() - this.cpuNanosAtStart;
		}
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	@TearDown(Level.Trial)
	public void stop() throws IOException {
		this.application.close();
		this.upstream.close();
		Path results = Path.of(System.getProperty("stream.results", "benchmarks/target/stream-jmh"));
		Files.createDirectories(results);
		Files.writeString(results.resolve("first-token-" + this.benchmark + ".json"),
				this.firstTokens.json(this.measuredCpuNanos / 1000.0 / Math.max(1, this.streams.get())));
	}

	@Benchmark
	public int rawWebClientStream() {
		long start = System.nanoTime();
		Flux<String> texts = this.raw.post()
			.uri(this.upstream.baseUrl() + "/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(rawRequestBody())
			.retrieve()
			.bodyToFlux(EVENTS)
			.<String>handle((event, sink) -> {
				String data = event.data();
				if (data != null) {
					sink.next(data);
				}
			})
			.takeWhile((data) -> !"[DONE]".equals(data))
			.map((data) -> JSON.readTree(data).path("choices").path(0).path("delta").path("content").asString(""));
		return length(texts, start);
	}

	@Benchmark
	public int failoverStream() {
		long start = System.nanoTime();
		return length(this.failover.stream(REQUEST).map(ChatChunk::text), start);
	}

	/** Read a stream to its end, recording when its first text came. */
	private int length(Flux<String> texts, long start) {
		boolean[] first = { true };
		return Objects.requireNonNull(texts.doOnNext((text) -> {
			if (first[0] && !text.isEmpty()) {
				first[0] = false;
				if (this.measuring) {
					this.firstTokens.add(System.nanoTime() - start);
				}
			}
		}).doOnComplete(() -> {
			if (this.measuring) {
				this.streams.incrementAndGet();
			}
		}).reduce(0, (length, text) -> length + text.length()).block(LIMIT));
	}

	/** What any caller writes for each call: the request as JSON. */
	private static byte[] rawRequestBody() {
		ObjectNode body = JSON.createObjectNode().put("model", "gpt-4o-mini").put("stream", true);
		body.putArray("messages")
			.add(JSON.createObjectNode().put("role", "system").put("content", "You are a helpful assistant."))
			.add(JSON.createObjectNode().put("role", "user").put("content", "Say hello."));
		body.putObject("stream_options").put("include_usage", true);
		return JSON.writeValueAsBytes(body);
	}

	/**
	 * Times to the first token, from all threads; the first million of a trial are kept,
	 * far more than a trial makes.
	 */
	private static final class FirstTokens {

		private final long[] nanos = new long[1 << 20];

		private final AtomicInteger count = new AtomicInteger();

		void add(long value) {
			int index = this.count.getAndIncrement();
			if (index < this.nanos.length) {
				this.nanos[index] = value;
			}
		}

		String json(double cpuMicrosPerStream) {
			long[] sorted = Arrays.copyOf(this.nanos, Math.min(this.count.get(), this.nanos.length));
			Arrays.sort(sorted);
			return String.format(Locale.ROOT,
					"{\"samples\":%d,\"p50_us\":%.1f,\"p99_us\":%.1f,\"cpu_us_per_stream\":%.1f}%n", sorted.length,
					percentile(sorted, 0.50), percentile(sorted, 0.99), cpuMicrosPerStream);
		}

		private static double percentile(long[] sorted, double rank) {
			return (sorted.length == 0) ? 0 : sorted[(int) Math.min(sorted.length - 1, rank * sorted.length)] / 1000.0;
		}

	}

}
