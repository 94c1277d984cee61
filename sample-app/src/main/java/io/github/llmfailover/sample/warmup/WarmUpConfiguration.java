package io.github.llmfailover.sample.warmup;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.llmfailover.sample.SampleApplication;

/**
 * The warm-up before readiness, when {@code sample.warm-up.enabled=true}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.warm-up.enabled", havingValue = "true")
@EnableConfigurationProperties(WarmUpProperties.class)
class WarmUpConfiguration {

	@Bean
	WarmUp warmUp(WarmUpProperties properties) {
		return new WarmUp(properties, SampleApplication.class);
	}

}
