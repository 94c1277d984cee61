package io.github.llmfailover.sample.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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

	/**
	 * A port below the kernel's ephemeral range (32768 and up on Linux): a port the
	 * kernel hands out for port 0 is free only until the next outgoing connection takes
	 * it, which happens between choosing the port here and binding it when the simulators
	 * start.
	 */
	private static int freePort() {
		for (int tries = 0; tries < 100; tries++) {
			int port = ThreadLocalRandom.current().nextInt(20000, 32000);
			if (isFree(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port between 20000 and 32000 on 127.0.0.1 for a simulated "
				+ "provider; set demo.providers.<name>.port");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public int getOrder() {
		// After the configuration files, which activate the demo profile.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
