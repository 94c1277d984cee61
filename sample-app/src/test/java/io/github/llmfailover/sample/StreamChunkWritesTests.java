package io.github.llmfailover.sample;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every chunk of a streamed answer leaves the gateway in one write: the events it makes
 * (for the first chunk, the stream's opening events and the first token) arrive in one
 * HTTP chunk, read here over raw HTTP, so the client gets the first token without waiting
 * for more writes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class StreamChunkWritesTests extends DemoAppTests {

	@LocalServerPort
	private int port;

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			/v1/chat/completions | {"role":"assistant"                | "delta":{"content":"
			/v1/messages         | event:message_start                | event:content_block_delta
			/v1/responses        | event:response.created             | event:response.output_text.delta
			""")
	void theFirstChunksEventsArriveInOneHttpChunk(String path, String opening, String firstToken) throws IOException {
		onlyWorking("openai");
		List<String> httpChunks = httpChunks(path, "{\"model\":\"any\",\"stream\":true,\"max_tokens\":64,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"input\":\"hello\"}");

		assertThat(httpChunks).hasSizeGreaterThan(2);
		assertThat(httpChunks.get(0)).contains(opening).contains(firstToken).endsWith("\n\n");
		assertThat(httpChunks.get(1)).doesNotContain(opening).contains(firstToken.replace("event:", ""));
	}

	/**
	 * Posts the body over a socket and reads the chunked response's chunks as they were
	 * framed on the wire (a client's HTTP decoder may hand a chunk over in pieces).
	 */
	private List<String> httpChunks(String path, String body) throws IOException {
		byte[] json = body.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "anthropic-version: 2023-06-01\r\nConnection: close\r\nContent-Length: " + json.length
					+ "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(json);
			out.flush();
			DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
			assertThat(line(in)).startsWith("HTTP/1.1 200");
			String header = line(in);
			boolean chunked = false;
			while (!header.isEmpty()) {
				chunked |= header.equalsIgnoreCase("transfer-encoding: chunked");
				header = line(in);
			}
			assertThat(chunked).as("chunked transfer encoding").isTrue();
			List<String> chunks = new ArrayList<>();
			for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
				byte[] chunk = new byte[size];
				in.readFully(chunk);
				chunks.add(new String(chunk, StandardCharsets.UTF_8));
				assertThat(line(in)).isEmpty();
			}
			return chunks;
		}
	}

	private static String line(DataInputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int next = in.read(); next != '\n'; next = in.read()) {
			if (next < 0) {
				throw new EOFException("The response ended inside a line: " + line);
			}
			if (next != '\r') {
				line.append((char) next);
			}
		}
		return line.toString();
	}

}
