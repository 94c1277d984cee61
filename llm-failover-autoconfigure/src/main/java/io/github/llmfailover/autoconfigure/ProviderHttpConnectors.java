package io.github.llmfailover.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Gives each provider a Reactor Netty connection pool of its own, built with the
 * application's connector builder and HTTP client settings. The shared default pool holds
 * only {@code 2 * max(cores, 8)} connections and never drops idle ones: under load it
 * would queue calls, and stale connections would turn into failed attempts. Applications
 * that chose another HTTP client keep it unchanged.
 */
final class ProviderHttpConnectors implements DisposableBean {

	private static final boolean MICROMETER_PRESENT = ClassUtils.isPresent("io.micrometer.core.instrument.Metrics",
			ProviderHttpConnectors.class.getClassLoader());

	private final @Nullable ReactorClientHttpConnectorBuilder connectorBuilder;

	private final HttpClientSettings clientSettings;

	private final HttpProperties http;

	private final List<ConnectionProvider> pools = new CopyOnWriteArrayList<>();

	/**
	 * @param connectorBuilder the application's Reactor connector builder, or
	 * {@code null} when it uses another HTTP client
	 * @param clientSettings the application's HTTP client settings
	 * @param http the pool settings
	 */
	ProviderHttpConnectors(@Nullable ReactorClientHttpConnectorBuilder connectorBuilder,
			HttpClientSettings clientSettings, HttpProperties http) {
		this.connectorBuilder = connectorBuilder;
		this.clientSettings = clientSettings;
		this.http = http;
	}

	/**
	 * Point a provider's builder at a connection pool of its own.
	 * @param providerName the provider's name, which names the pool
	 * @param builder the provider's builder
	 * @return the builder
	 */
	WebClient.Builder apply(String providerName, WebClient.Builder builder) {
		if (this.connectorBuilder == null) {
			return builder;
		}
		ConnectionProvider pool = ConnectionProvider.builder("llm-failover-" + providerName)
			.maxConnections(this.http.getMaxConnections())
			.maxIdleTime(this.http.getMaxIdleTime())
			// reactor.netty.connection.provider.* gauges (active, idle, pending
			// connections)
			.metrics(MICROMETER_PRESENT)
			.build();
		this.pools.add(pool);
		return builder.clientConnector(
				this.connectorBuilder.withHttpClientFactory(() -> HttpClient.create(pool)).build(this.clientSettings));
	}

	@Override
	public void destroy() {
		this.pools.forEach(ConnectionProvider::dispose);
	}

}
