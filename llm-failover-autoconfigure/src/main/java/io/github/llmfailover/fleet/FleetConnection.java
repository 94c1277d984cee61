package io.github.llmfailover.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * This instance's link to the fleet: the application's Redis, the key names, and whether
 * Redis answers. Any command that fails or outlasts its timeout marks the fleet
 * unreachable; from then on every instance works with its own state, and the request path
 * stops asking Redis until the periodic sync reaches it again.
 *
 * <p>
 * An instance starts alone and joins the fleet when its first sync succeeds: Spring Data
 * Redis opens its shared connection blocking, on first use, so only the sync (on a thread
 * that may block) uses Redis before then, never a request.
 */
public final class FleetConnection {

	private static final Log logger = LogFactory.getLog(FleetConnection.class);

	private final ReactiveStringRedisTemplate redis;

	private final FleetKeys keys;

	private final String instanceId = UUID.randomUUID().toString().substring(0, 8);

	private final Duration timeout;

	private final Clock clock;

	private volatile boolean connected;

	private volatile boolean joined;

	private volatile boolean warnedBeforeJoining;

	private volatile Instant since;

	private volatile @Nullable String lastError;

	private volatile int instances = 1;

	/**
	 * A connection through the application's Redis.
	 * @param connectionFactory the application's reactive Redis connection
	 * @param keyPrefix keeps this application's keys apart from others on the same Redis
	 * @param timeout how long a command may take before the fleet counts as unreachable
	 * @param clock the clock
	 */
	public FleetConnection(ReactiveRedisConnectionFactory connectionFactory, String keyPrefix, Duration timeout,
			Clock clock) {
		this.redis = new ReactiveStringRedisTemplate(connectionFactory);
		this.keys = new FleetKeys(keyPrefix);
		this.timeout = timeout;
		this.clock = clock;
		this.since = clock.instant();
	}

	FleetKeys keys() {
		return this.keys;
	}

	String instanceId() {
		return this.instanceId;
	}

	Clock clock() {
		return this.clock;
	}

	Duration timeout() {
		return this.timeout;
	}

	ReactiveStringRedisTemplate redis() {
		return this.redis;
	}

	/**
	 * Whether Redis answered the last command in time.
	 * @return {@code true} while state is shared, {@code false} while this instance works
	 * alone
	 */
	public boolean isConnected() {
		return this.connected;
	}

	/**
	 * Since when the connection is in its current state.
	 * @return the time of the last change
	 */
	public Instant since() {
		return this.since;
	}

	/**
	 * Why Redis was last unreachable.
	 * @return a short description, or {@code null}
	 */
	public @Nullable String lastError() {
		return this.lastError;
	}

	/**
	 * How many instances the last sync saw alive, this one included.
	 * @return at least 1
	 */
	public int instances() {
		return this.instances;
	}

	void instances(int instances) {
		this.instances = Math.max(1, instances);
	}

	/**
	 * Run a script within the timeout. An error or a timeout marks the fleet unreachable
	 * and ends the result empty: callers fall back to their local state.
	 */
	<T> Mono<T> run(RedisScript<T> script, List<String> keys, List<String> args) {
		return run(script, keys, args, this.timeout);
	}

	<T> Mono<T> run(RedisScript<T> script, List<String> keys, List<String> args, Duration timeout) {
		return this.redis.execute(script, keys, args).next().timeout(timeout).onErrorResume((ex) -> {
			unreachable(ex);
			return Mono.empty();
		});
	}

	/** Like {@link #run} for a script whose answer is a list, flattened. */
	Mono<List<Object>> runForList(RedisScript<?> script, List<String> keys, List<String> args, Duration timeout) {
		return this.redis.execute(script, keys, args)
			.flatMapIterable((result) -> (result instanceof List<?> list) ? list : List.of(result))
			.map((item) -> (Object) item)
			.collectList()
			.timeout(timeout)
			.onErrorResume((ex) -> {
				unreachable(ex);
				return Mono.empty();
			});
	}

	/**
	 * Send a command without waiting for it; failures only mark the fleet unreachable.
	 */
	<T> void fireAndForget(RedisScript<T> script, List<String> keys, List<String> args) {
		run(script, keys, args).subscribe();
	}

	/**
	 * The messages on the fleet's channel. Subscribing connects, and Spring Data Redis
	 * connects its listener container blocking: that happens on a thread that may block,
	 * never the caller's.
	 */
	Flux<String> messages() {
		return Flux.defer(() -> this.redis.listenToChannel(this.keys.channel()))
			.map((message) -> message.getMessage())
			.subscribeOn(Schedulers.boundedElastic());
	}

	void unreachable(Throwable ex) {
		this.lastError = ex.getClass().getSimpleName()
				+ ((ex.getMessage() != null) ? ": " + firstLine(ex.getMessage()) : "");
		if (this.connected) {
			this.connected = false;
			this.since = this.clock.instant();
			logger.warn("Redis is unreachable for LLM fleet mode (" + this.lastError
					+ "); this instance carries on with its own provider state until it is back");
		}
		else if (!this.joined && !this.warnedBeforeJoining) {
			this.warnedBeforeJoining = true;
			logger.warn("Cannot reach Redis for LLM fleet mode (" + this.lastError
					+ "); this instance works with its own provider state until it can");
		}
	}

	/**
	 * Record that Redis answered.
	 * @return {@code true} when it was unreachable until now
	 */
	boolean reached() {
		if (this.connected) {
			return false;
		}
		this.connected = true;
		this.since = this.clock.instant();
		logger.info(this.joined ? "Redis is reachable again for LLM fleet mode; provider state is shared again"
				: "LLM fleet mode: sharing provider state through Redis as instance " + this.instanceId + " of "
						+ this.keys.channel());
		this.joined = true;
		return true;
	}

	private static String firstLine(String message) {
		int end = message.indexOf('\n');
		return (end < 0) ? message : message.substring(0, end);
	}

}
