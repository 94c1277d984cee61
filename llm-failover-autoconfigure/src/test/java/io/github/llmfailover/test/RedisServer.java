package io.github.llmfailover.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (the Debian package) on 127.0.0.1 and a free port, without
 * persistence, that a test can kill and start again on the same port. When redis-server
 * is not installed, the test is skipped saying so; {@code .ci/run} installs it.
 */
public final class RedisServer implements AutoCloseable {

	private static final Duration START_LIMIT = Duration.ofSeconds(10);

	private final String executable;

	private final int port;

	private Process process;

	private RedisServer(String executable, int port) {
		this.executable = executable;
		this.port = port;
		this.process = launch();
	}

	/**
	 * Start a server, or skip the test when redis-server is not installed.
	 * @return the running server
	 */
	public static RedisServer start() {
		String executable = find();
		Assumptions.assumeTrue(executable != null,
				"redis-server is not installed (apt-get install -y redis-server; .ci/run installs it): "
						+ "skipping the fleet-mode tests that need a real Redis");
		return new RedisServer(executable, freePort());
	}

	public int port() {
		return this.port;
	}

	/** Kill the server at once, as a crash would (SIGKILL). */
	public void kill() {
		this.process.destroyForcibly();
		waitFor(this.process);
	}

	/** Start the server again, empty, on the same port. */
	public void restart() {
		this.process = launch();
	}

	@Override
	public void close() {
		this.process.destroy();
		waitFor(this.process);
	}

	private Process launch() {
		try {
			Process process = new ProcessBuilder(this.executable, "--port", Integer.toString(this.port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			long deadline = System.nanoTime() + START_LIMIT.toNanos();
			while (!answersPing()) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					process.destroyForcibly();
					throw new IllegalStateException("redis-server did not start on port " + this.port);
				}
				Thread.sleep(20);
			}
			return process;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + this.executable, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[7];
			int read = in.readNBytes(answer, 0, answer.length);
			return new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void waitFor(Process process) {
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server did not stop");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String find() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(dir, "redis-server");
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		File sbin = new File("/usr/bin/redis-server");
		return sbin.canExecute() ? sbin.getAbsolutePath() : null;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
