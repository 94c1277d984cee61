package io.github.llmfailover.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's headless Chromium, driven through the Chrome DevTools Protocol with nothing
 * but the JDK's WebSocket client: load a page, run JavaScript in it, wait for a
 * condition, take a screenshot. Started with a fresh profile and without background
 * networking.
 */
final class HeadlessChromium implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");

	private static final Duration COMMAND_LIMIT = Duration.ofSeconds(15);

	private final Process process;

	private final Path profile;

	private final WebSocket socket;

	private final AtomicInteger ids = new AtomicInteger();

	private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	static Optional<Path> find() {
		return Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
			.map(Path::of)
			.filter(Files::isExecutable)
			.findFirst();
	}

	static HeadlessChromium start(Path executable) throws Exception {
		Path profile = Files.createTempDirectory("llm-failover-chromium");
		Process process = new ProcessBuilder(executable.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-quic", "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1400,1100",
				"about:blank")
			.redirectErrorStream(true)
			.start();
		try {
			int port = devToolsPort(process);
			HttpClient http = HttpClient.newHttpClient();
			String targets = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			String page = null;
			for (JsonNode target : JSON.readTree(targets)) {
				if ("page".equals(target.path("type").asString())) {
					page = target.path("webSocketDebuggerUrl").asString();
				}
			}
			if (page == null) {
				throw new IllegalStateException("Chromium opened no page: " + targets);
			}
			return new HeadlessChromium(process, profile, http, URI.create(page));
		}
		catch (Exception ex) {
			stop(process, profile);
			throw ex;
		}
	}

	private static int devToolsPort(Process process) throws IOException {
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		String line;
		while (System.nanoTime() < deadline && (line = output.readLine()) != null) {
			Matcher matcher = DEVTOOLS.matcher(line);
			if (matcher.find()) {
				// Keep reading in the background so that Chromium never blocks on a full
				// pipe.
				Thread drain = new Thread(() -> drain(output), "chromium-output");
				drain.setDaemon(true);
				drain.start();
				return Integer.parseInt(matcher.group(1));
			}
		}
		throw new IllegalStateException("Chromium did not open its DevTools port");
	}

	/**
	 * Read Chromium's output to its end. Stopping Chromium closes the stream under the
	 * reader, which is that end too, not an error to print.
	 */
	private static void drain(BufferedReader output) {
		try {
			while (output.readLine() != null) {
				// Nothing here needs Chromium's output once it has told its port.
			}
		}
		catch (IOException ex) {
			// Closed when Chromium was stopped.
		}
	}

	private HeadlessChromium(Process process, Path profile, HttpClient http, URI page) {
		this.process = process;
		this.profile = profile;
		this.socket = http.newWebSocketBuilder().buildAsync(page, new Listener()).join();
	}

	JsonNode send(String method, Map<String, Object> params) throws Exception {
		int id = this.ids.incrementAndGet();
		CompletableFuture<JsonNode> answer = new CompletableFuture<>();
		this.pending.put(id, answer);
		this.socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
			.join();
		JsonNode response = answer.get(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS);
		if (response.has("error")) {
			throw new IllegalStateException(method + " failed: " + response.get("error"));
		}
		return response.path("result");
	}

	void open(String url) throws Exception {
		send("Page.enable", Map.of());
		send("Page.navigate", Map.of("url", url));
	}

	/** Run JavaScript in the page and return its value. */
	JsonNode evaluate(String expression) throws Exception {
		JsonNode result = send("Runtime.evaluate",
				Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
		if (result.has("exceptionDetails")) {
			throw new IllegalStateException("JavaScript failed: " + result.get("exceptionDetails"));
		}
		return result.path("result").path("value");
	}

	/** Wait until a JavaScript condition holds. */
	void waitFor(String condition, Duration limit) throws Exception {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			if (evaluate("Boolean(" + condition + ")").asBoolean(false)) {
				return;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("Within " + limit.toSeconds() + " s the page never showed: " + condition);
	}

	byte[] screenshot() throws Exception {
		return Base64.getDecoder()
			.decode(send("Page.captureScreenshot", Map.of("format", "png")).path("data").asString());
	}

	@Override
	public void close() {
		this.socket.abort();
		stop(this.process, this.profile);
	}

	/**
	 * Stop Chromium and delete its profile. Its helpers (renderer, utility, crash
	 * handler) write into the profile too: stop them all and wait, or deleting it races
	 * with their last writes.
	 */
	private static void stop(Process process, Path profile) {
		List<ProcessHandle> helpers = process.descendants().toList();
		process.destroy();
		helpers.forEach(ProcessHandle::destroy);
		awaitExit(process.toHandle());
		helpers.forEach(HeadlessChromium::awaitExit);
		deleteProfile(profile);
	}

	private static void awaitExit(ProcessHandle process) {
		try {
			process.onExit().get(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			process.destroyForcibly();
		}
	}

	/**
	 * Delete the temporary profile, retrying while a process that outlived its parent
	 * still writes; a profile left in the temporary directory is not worth failing a test
	 * over.
	 */
	private static void deleteProfile(Path profile) {
		for (int attempt = 1; attempt <= 10; attempt++) {
			try (Stream<Path> files = Files.walk(profile)) {
				for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(path);
				}
				return;
			}
			catch (IOException ex) {
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
		System.err.println("Could not delete Chromium's temporary profile " + profile);
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder message = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.message.append(data);
			if (last) {
				JsonNode json = JSON.readTree(this.message.toString());
				this.message.setLength(0);
				CompletableFuture<JsonNode> answer = json.has("id")
						? HeadlessChromium.this.pending.remove(json.get("id").asInt()) : null;
				if (answer != null) {
					answer.complete(json);
				}
			}
			webSocket.request(1);
			return null;
		}

	}

}
