package io.github.llmfailover.provider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The {@link WebClient} of one provider: its chat endpoint, its credentials and extra
 * headers on every request, and codecs that hold a frame as long as a whole answer.
 */
final class ProviderWebClient {

	private final WebClient webClient;

	private final URI chatEndpoint;

	/**
	 * @param settings the provider's settings
	 * @param webClientBuilder a builder for this provider alone
	 * @param chatPath the chat endpoint's path below the base URL
	 * @param authentication adds the provider's credentials to the default headers
	 */
	ProviderWebClient(ProviderSettings settings, WebClient.Builder webClientBuilder, String chatPath,
			Consumer<HttpHeaders> authentication) {
		// Credentials in the base URL (user:secret@host) go in a header, never on the
		// wire as part of the address, which HTTP clients drop anyway.
		this.chatEndpoint = UriComponentsBuilder.fromUri(settings.endpoint(chatPath))
			.userInfo(null)
			.build(true)
			.toUri();
		int maxResponseBytes = Math.toIntExact(settings.maxResponseSize().toBytes());
		this.webClient = webClientBuilder.defaultHeaders((headers) -> {
			authentication.accept(headers);
			settings.headers().forEach(headers::set);
			basicAuthFromBaseUrl(settings.baseUrl(), headers);
		})
			// Codecs decode the frames of streams. Their limit comes from the application
			// (256 KB unless spring.http.codecs.max-in-memory-size says otherwise) and is
			// meant for its own calls: here one frame may be as long as a whole answer.
			// The builder is this provider's own clone, so the application's codecs stay
			// as they are.
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(maxResponseBytes))
			.build();
	}

	/**
	 * Send the user-info of the base URL ({@code https://user:secret@host}, as proxies
	 * and self-hosted servers ask for) as HTTP Basic credentials, unless the API key or
	 * an extra header already fills {@code Authorization}.
	 */
	private static void basicAuthFromBaseUrl(URI baseUrl, HttpHeaders headers) {
		String userInfo = baseUrl.getUserInfo();
		if (userInfo == null || headers.containsHeader(HttpHeaders.AUTHORIZATION)) {
			return;
		}
		int colon = userInfo.indexOf(':');
		if (colon < 0) {
			headers.setBasicAuth(userInfo, "", StandardCharsets.UTF_8);
		}
		else {
			headers.setBasicAuth(userInfo.substring(0, colon), userInfo.substring(colon + 1), StandardCharsets.UTF_8);
		}
	}

	/**
	 * Start a chat request with its JSON body.
	 * @param body the body
	 * @return the request, ready to exchange
	 */
	WebClient.RequestHeadersSpec<?> post(byte[] body) {
		return this.webClient.post().uri(this.chatEndpoint).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

}
