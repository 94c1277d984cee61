package io.github.llmfailover.autoconfigure;

/**
 * Panic routing: when every provider that could serve a request is out of rotation only
 * because its circuit is open, route to them anyway.
 */
public class PanicProperties {

	/**
	 * Whether to route requests to providers whose circuit is open when no provider is in
	 * rotation, rather than fail them fast. Providers that are disabled, at weight 0,
	 * forced open or cooling down after a Retry-After never take part.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
