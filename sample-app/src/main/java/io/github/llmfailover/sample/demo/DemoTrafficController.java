package io.github.llmfailover.sample.demo;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /demo/traffic}: the dashboard's "send traffic" switch. {@code POST} with
 * {@code {"running": true, "rate": 5}} starts (at most 20 requests a second, for at most
 * ten minutes), {@code {"running": false}} stops; {@code GET} shows the latest results.
 */
@RestController
@Profile(DemoPorts.PROFILE)
@RequestMapping("/demo/traffic")
class DemoTrafficController {

	private final DemoTraffic traffic;

	DemoTrafficController(DemoTraffic traffic) {
		this.traffic = traffic;
	}

	@GetMapping
	DemoTraffic.State state() {
		return this.traffic.state();
	}

	@PostMapping
	ResponseEntity<Object> change(@RequestBody(required = false) @Nullable TrafficRequest request) {
		if (request == null || request.running() == null) {
			return ResponseEntity.badRequest()
				.body(Map.of("error", "Send {\"running\": true, \"rate\": 5} or {\"running\": false}"));
		}
		if (!request.running()) {
			this.traffic.stop();
			return ResponseEntity.ok(this.traffic.state());
		}
		try {
			this.traffic.start((request.rate() != null) ? request.rate() : 5);
		}
		catch (IllegalArgumentException ex) {
			return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
		}
		return ResponseEntity.ok(this.traffic.state());
	}

	/**
	 * @param running whether to send traffic
	 * @param rate requests per second, 1 to 20 (default 5)
	 */
	record TrafficRequest(@Nullable Boolean running, @Nullable Integer rate) {
	}

}
