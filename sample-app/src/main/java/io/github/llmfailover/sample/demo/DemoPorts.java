package io.github.llmfailover.sample.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * In the {@code demo} profile, picks a free port for each simulated provider that has
 * none configured, and publishes it as {@code demo.providers.<name>.port}, so the
 * providers' {@code base-url} can point at it before any bean exists.
 */
class DemoPorts implements EnvironmentPostProcessor, Ordered {

	static final String PROFILE = "demo";

	static String propertyOf(String provider) {
		return "demo.providers." + provider + ".port";
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.acceptsProfiles(Profiles.of(PROFILE))) {
			return;
		}
		Map<String, Object> ports = new LinkedHashMap<>();
		for (String name : SimulatedProvider.names()) {
			String property = propertyOf(name);
			if (environment.getProperty(property, Integer.class, 0) == 0) {
				ports.put(property, freePort());
			}
		}
		environment.getPropertySources().addFirst(new MapPropertySource("demoProviderPorts", ports));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on 127.0.0.1 for a simulated provider", ex);
		}
	}

	@Override
	public int getOrder() {
		// After the configuration files, which activate the demo profile.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
