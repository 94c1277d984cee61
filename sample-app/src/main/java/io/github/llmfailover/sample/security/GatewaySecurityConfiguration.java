package io.github.llmfailover.sample.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.HttpBasicServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

import io.github.llmfailover.sample.security.GatewaySecurityProperties.PrometheusAccess;
import io.github.llmfailover.sample.security.GatewaySecurityProperties.Role;

/**
 * Who may do what on the gateway. Callers of {@code /v1/**} and {@code /chat/**} present
 * a key ({@code Authorization: Bearer <key>}, or {@code x-api-key: <key>} as Anthropic's
 * SDKs send it), checked against the configured hashes, limited per key, refused in the
 * caller's error shape. Operators use the actuator with HTTP basic: {@code health} is
 * open, reading needs the operator role, steering ({@code POST /actuator/llmproviders},
 * the demo controls) the admin role. Stateless: no session, no cookie, no CSRF token (no
 * browser form posts here).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewaySecurityProperties.class)
class GatewaySecurityConfiguration {

	private static final Log logger = LogFactory.getLog(GatewaySecurityConfiguration.class);

	private static final String BEARER = "Bearer ";

	/** Where Anthropic's SDKs send their key. */
	private static final String API_KEY_HEADER = "x-api-key";

	/**
	 * The caller endpoints; {@code /agent} is the demo's agent loop, {@code /spring-ai}
	 * the chat through Spring AI, {@code /bench} the benchmark's baseline relay.
	 */
	private static final ServerWebExchangeMatcher CALLERS = ServerWebExchangeMatchers.pathMatchers("/v1/**", "/chat",
			"/chat/**", "/agent", "/agent/**", "/spring-ai/**", "/bench/**");

	/** The demo's dashboard, open so that it can ask for credentials itself. */
	private static final String[] DASHBOARD = { "/", "/index.html", "/dashboard.css", "/dashboard.js", "/favicon.ico" };

	/**
	 * The actuator's users. Also validates the whole {@code gateway} configuration, first
	 * thing, since the filter chain needs this bean.
	 * @param properties the gateway's security properties
	 * @return the operators by name
	 */
	@Bean
	ReactiveUserDetailsService gatewayOperators(GatewaySecurityProperties properties) {
		GatewaySecurityValidator.validate(properties);
		List<UserDetails> users = new ArrayList<>();
		properties.getOperators()
			.forEach((name,
					operator) -> users.add(User.withUsername(name)
						.password(operator.getPassword())
						.authorities(authorities(operator.getRoles()))
						.build()));
		return users.isEmpty() ? (username) -> Mono.empty() : new MapReactiveUserDetailsService(users);
	}

	@Bean
	CallerKeyObservationConvention callerKeyObservationConvention(
			@Value("${management.observations.http.server.requests.name:http.server.requests}") String name) {
		return new CallerKeyObservationConvention(name);
	}

	/**
	 * Spring Security's observations without the one around each filter of the chain:
	 * {@code http.server.requests} already times every request, and a start and stop per
	 * filter (about fifteen) on each call is work on the way to the first token that no
	 * dashboard here reads. Authentications and authorizations are still observed.
	 * @return the settings
	 */
	@Bean
	SecurityObservationSettings gatewaySecurityObservations() {
		return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).build();
	}

	@Bean
	SecurityWebFilterChain gatewaySecurityFilterChain(ServerHttpSecurity http, GatewaySecurityProperties properties,
			ReactiveUserDetailsService operators, @Value("${server.address:}") String address) {
		CallerKeys keys = CallerKeys.of(properties.getKeys());
		warnIfOpen(properties, address);
		HttpBasicServerAuthenticationEntryPoint basic = new HttpBasicServerAuthenticationEntryPoint();
		basic.setRealm("llm-failover operators");
		DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
				new DelegateEntry(CALLERS, (exchange, ex) -> CallerErrors.missingKey(exchange)));
		entryPoint.setDefaultEntryPoint(basic);
		List<GrantedAuthority> anonymous = new ArrayList<>(authorities(properties.getAnonymousRoles()));
		anonymous.add(new SimpleGrantedAuthority("ROLE_ANONYMOUS"));
		if (!keys.isEmpty()) {
			// Without keys there is nothing to check a presented one against: the SDKs
			// insist on sending some key, and an open gateway ignores it.
			http.addFilterAt(keyAuthentication(keys), SecurityWebFiltersOrder.AUTHENTICATION);
		}
		return http.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.anonymous((spec) -> spec.authorities(anonymous))
			.httpBasic((spec) -> spec
				.authenticationManager(new UserDetailsRepositoryReactiveAuthenticationManager(operators))
				.authenticationEntryPoint(basic))
			.exceptionHandling((spec) -> spec.authenticationEntryPoint(entryPoint))
			.addFilterAt(new KeyInQueryWebFilter(), SecurityWebFiltersOrder.FIRST)
			.addFilterAfter(new CallerKeyWebFilter(new RateLimits(limits(properties), System::nanoTime)),
					SecurityWebFiltersOrder.AUTHORIZATION)
			.authorizeExchange((exchanges) -> authorize(exchanges, properties))
			.build();
	}

	private static void authorize(AuthorizeExchangeSpec exchanges, GatewaySecurityProperties properties) {
		// Callers first: no actuator path is a caller path, so the order decides nothing,
		// but each rule tried before the matching one costs every call its matching and a
		// debug message rendered even with debug off (commons-logging 1.3 formats it,
		// spring-framework#37266; the actuator's matchers run a regex to describe
		// themselves).
		exchanges.matchers(CALLERS).access(callerAccess(properties.isAllowAnonymous()));
		exchanges.matchers(EndpointRequest.to("health")).permitAll();
		if (properties.getPrometheusAccess() == PrometheusAccess.OPEN) {
			exchanges.matchers(EndpointRequest.to("prometheus")).permitAll();
		}
		exchanges
			.matchers(new AndServerWebExchangeMatcher(EndpointRequest.to("llmproviders"),
					GatewaySecurityConfiguration::writes))
			.hasRole(Role.ADMIN.name());
		exchanges.matchers(EndpointRequest.toAnyEndpoint()).hasRole(Role.OPERATOR.name());
		exchanges.pathMatchers(HttpMethod.GET, "/demo/**").hasRole(Role.OPERATOR.name());
		exchanges.pathMatchers("/demo/**").hasRole(Role.ADMIN.name());
		exchanges.pathMatchers(HttpMethod.GET, DASHBOARD).permitAll();
		exchanges.anyExchange().denyAll();
	}

	private static AuthenticationWebFilter keyAuthentication(CallerKeys keys) {
		AuthenticationWebFilter filter = new AuthenticationWebFilter(keys::authenticate);
		filter.setRequiresAuthenticationMatcher(CALLERS);
		filter.setServerAuthenticationConverter(GatewaySecurityConfiguration::callerKey);
		filter.setAuthenticationFailureHandler((exchange, ex) -> CallerErrors.invalidKey(exchange.getExchange()));
		return filter;
	}

	/**
	 * The key of an {@code Authorization: Bearer} header (OpenAI's SDKs), else of an
	 * {@code x-api-key} header (Anthropic's); none for other schemes.
	 */
	private static Mono<Authentication> callerKey(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		String header = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return Mono.just(CallerKeyAuthentication.presented(header.substring(BEARER.length()).trim()));
		}
		String apiKey = headers.getFirst(API_KEY_HEADER);
		return (apiKey != null) ? Mono.just(CallerKeyAuthentication.presented(apiKey.trim())) : Mono.empty();
	}

	private static ReactiveAuthorizationManager<AuthorizationContext> callerAccess(boolean allowAnonymous) {
		return (authentication, context) -> authentication
			.map((caller) -> caller instanceof CallerKeyAuthentication
					|| (allowAnonymous && caller instanceof AnonymousAuthenticationToken))
			.defaultIfEmpty(allowAnonymous)
			.map((granted) -> (AuthorizationResult) new AuthorizationDecision(granted));
	}

	private static Mono<MatchResult> writes(ServerWebExchange exchange) {
		HttpMethod method = exchange.getRequest().getMethod();
		boolean safe = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
				|| HttpMethod.OPTIONS.equals(method);
		return safe ? MatchResult.notMatch() : MatchResult.match();
	}

	private static List<GrantedAuthority> authorities(Iterable<Role> roles) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (Role role : roles) {
			authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
			if (role == Role.ADMIN) {
				authorities.add(new SimpleGrantedAuthority("ROLE_" + Role.OPERATOR.name()));
			}
		}
		return authorities.stream().distinct().toList();
	}

	private static Map<String, Integer> limits(GatewaySecurityProperties properties) {
		Map<String, Integer> limits = new LinkedHashMap<>();
		properties.getKeys().forEach((name, key) -> {
			if (key.getRequestsPerMinute() != null) {
				limits.put(name, key.getRequestsPerMinute());
			}
		});
		return limits;
	}

	private static void warnIfOpen(GatewaySecurityProperties properties, @Nullable String address) {
		String where = (address == null || address.isBlank()) ? "every network interface" : address;
		if (properties.isAllowAnonymous()) {
			logger.warn("gateway.allow-anonymous=true: /v1 and /chat serve requests without a caller key, listening on "
					+ where + ". Anyone who can reach it spends the providers' API keys.");
		}
		if (!properties.getAnonymousRoles().isEmpty()) {
			logger.warn("gateway.anonymous-roles=" + properties.getAnonymousRoles()
					+ ": requests without credentials may use the actuator and the demo controls, listening on " + where
					+ ".");
		}
	}

}
