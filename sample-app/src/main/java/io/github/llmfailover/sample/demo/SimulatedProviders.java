package io.github.llmfailover.sample.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * The demo's simulated providers: {@code openai} (OpenAI format), {@code anthropic}
 * (Anthropic format) and {@code local} (Ollama format), each listening on the port the
 * demo reserved for it, started and stopped with the application.
 */
public final class SimulatedProviders implements SmartLifecycle {

	private final Map<String, SimulatedProvider> byName = new LinkedHashMap<>();

	private volatile boolean running;

	/**
	 * Whether the providers take the time real ones do ({@code demo.realistic-latency},
	 * on by default); the warm-up turns it off, to spend its time on the JIT's work
	 * rather than on waiting.
	 */
	private final boolean realisticLatency;

	SimulatedProviders(Environment environment) {
		this.realisticLatency = environment.getProperty("demo.realistic-latency", Boolean.class, true);
		add(environment, "openai", new OpenAiWireFormat());
		add(environment, "anthropic", new AnthropicWireFormat());
		add(environment, "local", new OllamaWireFormat());
	}

	private void add(Environment environment, String name, SimulatedWireFormat format) {
		int port = environment.getRequiredProperty(DemoPorts.propertyOf(name), Integer.class);
		this.byName.put(name, new SimulatedProvider(name, port, format, this.realisticLatency));
	}

	public List<SimulatedProvider> all() {
		return List.copyOf(this.byName.values());
	}

	public Optional<SimulatedProvider> find(String name) {
		return Optional.ofNullable(this.byName.get(name));
	}

	/** Clear every fault. */
	public void resetAll() {
		this.byName.values().forEach(SimulatedProvider::reset);
	}

	@Override
	public void start() {
		this.byName.values().forEach(SimulatedProvider::start);
		this.running = true;
	}

	@Override
	public void stop() {
		this.byName.values().forEach((provider) -> {
			provider.reset();
			provider.stop();
		});
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Up before the web server takes requests, down after it stops.
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

}
