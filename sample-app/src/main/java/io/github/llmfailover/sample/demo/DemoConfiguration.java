package io.github.llmfailover.sample.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

import io.github.llmfailover.chat.FailoverChatClient;

/**
 * The demo profile: simulated providers served by the application itself.
 */
@Configuration(proxyBeanMethods = false)
@Profile(DemoPorts.PROFILE)
class DemoConfiguration {

	@Bean
	SimulatedProviders simulatedProviders(Environment environment) {
		return new SimulatedProviders(environment);
	}

	@Bean(destroyMethod = "stop")
	DemoTraffic demoTraffic(FailoverChatClient client) {
		return new DemoTraffic(client);
	}

}
