package io.github.llmfailover.sample;

import java.time.Duration;
import java.util.List;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives each application the tests start Reactor Netty event loops and a connection pool
 * of its own, closed with no quiet period, in place of Reactor Netty's global ones. Every
 * test context gets it through {@link Factory} (listed in
 * {@code META-INF/spring.factories}); a test that starts an application itself adds it as
 * an initializer.
 * <p>
 * Why: Boot's {@link ReactorResourceFactory} uses the global resources and, when its
 * context closes, disposes of them, waiting Reactor Netty's quiet period (2 s). Spring
 * keeps test contexts for later tests and closes them one after another when the JVM
 * exits: some fifteen times 2 s outlasted Surefire's 30 s, and it killed the fork. Only
 * shortening that wait is no cure: any application a test starts and closes of its own
 * would then dispose of the global loops at once, under the servers and clients of the
 * contexts kept for later tests. With resources of its own, a context closes only what is
 * its own, and the global ones (which test clients use) are never closed.
 */
public final class OwnEventLoops implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		// Registered before the configuration classes are read, so Boot's
		// auto-configured factory backs off.
		((GenericApplicationContext) context).registerBean("reactorResourceFactory", ReactorResourceFactory.class,
				OwnEventLoops::resources);
	}

	private static ReactorResourceFactory resources() {
		ReactorResourceFactory resources = new ReactorResourceFactory();
		resources.setUseGlobalResources(false);
		resources.setShutdownQuietPeriod(Duration.ZERO);
		return resources;
	}

	/**
	 * Applies {@link OwnEventLoops} to every test context. All contexts get equal
	 * customizers, so it splits none that Spring's context cache would otherwise share.
	 */
	public static final class Factory implements ContextCustomizerFactory {

		@Override
		public ContextCustomizer createContextCustomizer(Class<?> testClass,
				List<ContextConfigurationAttributes> configAttributes) {
			return new Customizer();
		}

	}

	private static final class Customizer implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			new OwnEventLoops().initialize(context);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Customizer;
		}

		@Override
		public int hashCode() {
			return Customizer.class.hashCode();
		}

	}

}
