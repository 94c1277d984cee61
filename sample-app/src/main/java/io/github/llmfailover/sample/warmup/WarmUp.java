package io.github.llmfailover.sample.warmup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Warms the request path before the application reports ready. Spring Boot marks an
 * application ready (readiness probe up) only after its {@link ApplicationRunner}s
 * returned, so the load balancer sends nothing until this is over.
 * <p>
 * It starts a throwaway instance of the same application in the same JVM, in the demo
 * profile (its providers simulated on 127.0.0.1, in their real wire formats), and sends
 * it requests over HTTP on loopback: the gateway's and {@code /chat}'s, whole and
 * streamed. Everything the JIT compiles along the way (the HTTP server, security, JSON,
 * the failover client, the provider clients) is the code the real instance runs, so the
 * real instance starts with it compiled. The throwaway instance sees none of the real
 * configuration (no environment variables, system properties or configuration files
 * outside the jar), so no request ever reaches a real provider, and it is closed before
 * the application reports ready.
 */
final class WarmUp implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(WarmUp.class);

	private static final String COMPLETION = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
			+ "\"content\":\"Say hello.\"}],\"max_tokens\":64";

	/**
	 * How long requests in flight at the time limit may take to finish; the demo's own
	 * attempt timeout (5 s) ends any that hang.
	 */
	private static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(10);

	private final WarmUpProperties properties;

	private final Class<?> application;

	private volatile int served;

	WarmUp(WarmUpProperties properties, Class<?> application) {
		this.properties = properties;
		this.application = application;
	}

	@Override
	public void run(ApplicationArguments args) {
		long start = System.nanoTime();
		String key = HexFormat.of().formatHex(randomBytes(24));
		try (ConfigurableApplicationContext instance = throwawayInstance(key)) {
			int port = instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			AtomicInteger sent = new AtomicInteger();
			this.served = send(port, key, sent);
			logger.info("Warmed up before ready: " + this.served + " of " + this.properties.getRequests()
					+ " requests served by a throwaway instance on its simulated providers in "
					+ Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms"
					+ ((sent.get() < this.properties.getRequests()) ? "; sample.warm-up.max-time ("
							+ this.properties.getMaxTime() + ") stopped it after " + sent + " were sent" : ""));
		}
		catch (RuntimeException ex) {
			// A warm-up is an optimisation: without it the application is slower for a
			// while, not broken.
			logger.warn("Warm-up failed, ready without it: " + ex);
		}
	}

	private ConfigurableApplicationContext throwawayInstance(String key) {
		SpringApplication throwaway = new SpringApplication(this.application);
		throwaway.setWebApplicationType(WebApplicationType.REACTIVE);
		throwaway.setBannerMode(Banner.Mode.OFF);
		throwaway.setLogStartupInfo(false);
		throwaway.setRegisterShutdownHook(false);
		throwaway.setEnvironment(new IsolatedEnvironment());
		// The logging system is the JVM's: configured by the real instance, and not to be
		// reset when the throwaway one closes.
		throwaway.setListeners(throwaway.getListeners()
			.stream()
			.filter((listener) -> !(listener instanceof LoggingApplicationListener))
			.toList());
		// Its own event loops and connection pools: closing Boot's default (Reactor
		// Netty's global resources) would close the real instance's too.
		throwaway.addInitializers((context) -> ((GenericApplicationContext) context)
			.registerBean("reactorResourceFactory", ReactorResourceFactory.class, WarmUp::ownResources));
		return throwaway.run("--spring.config.location=classpath:/", "--spring.profiles.active=demo",
				"--server.address=127.0.0.1", "--server.port=0", "--sample.warm-up.enabled=false",
				"--demo.realistic-latency=false", "--management.metrics.use-global-registry=false",
				"--gateway.allow-anonymous=false", "--gateway.anonymous-roles=",
				"--gateway.keys.warm-up.sha256=" + sha256(key));
	}

	private static ReactorResourceFactory ownResources() {
		ReactorResourceFactory resources = new ReactorResourceFactory();
		resources.setUseGlobalResources(false);
		resources.setShutdownQuietPeriod(Duration.ZERO);
		return resources;
	}

	/** Requests the warm-up got answers to; 0 until it is over. */
	int served() {
		return this.served;
	}

	private int send(int port, String key, AtomicInteger sent) {
		WebClient client = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultHeaders((headers) -> headers.setBearerAuth(key))
			.build();
		AtomicInteger served = new AtomicInteger();
		Duration maxTime = this.properties.getMaxTime();
		// At the time limit no request is sent any more, and those in flight may finish:
		// closing the throwaway instance under them would log each as an error.
		Flux.range(0, this.properties.getRequests())
			.takeUntilOther(Mono.delay(maxTime))
			.doOnNext((i) -> sent.incrementAndGet())
			.flatMap((i) -> request(client, i).doOnSuccess((done) -> served.incrementAndGet())
				.onErrorResume((ex) -> Mono.empty()), this.properties.getConcurrency())
			.then()
			.timeout(maxTime.plus(IN_FLIGHT_GRACE), Mono.empty())
			.block();
		return served.get();
	}

	/**
	 * Mostly whole gateway answers, as most traffic is, and some of each other way in.
	 */
	private static Mono<Void> request(WebClient client, int i) {
		return switch (i % 8) {
			case 5 -> post(client, "/v1/chat/completions", COMPLETION + ",\"stream\":true}");
			case 6 -> post(client, "/chat", "{\"prompt\":\"Say hello.\"}");
			case 7 -> post(client, "/chat/stream", "{\"prompt\":\"Say hello.\"}");
			default -> post(client, "/v1/chat/completions", COMPLETION + "}");
		};
	}

	private static Mono<Void> post(WebClient client, String path, String body) {
		return client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.bodyToMono(byte[].class)
			.then();
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	private static String sha256(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An environment with no system properties and no environment variables: the
	 * throwaway instance must not pick up the real providers' URLs or keys.
	 */
	private static final class IsolatedEnvironment extends StandardEnvironment {

		@Override
		protected void customizePropertySources(MutablePropertySources propertySources) {
		}

	}

}
