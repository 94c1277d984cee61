package io.github.llmfailover.autoconfigure;

import java.time.ZoneId;

/**
 * How spend is counted.
 */
public class CostProperties {

	/**
	 * Time zone whose midnight starts a new day, and whose first of the month a new
	 * month, for the spend the actuator shows and for budgets.
	 */
	private ZoneId timeZone = ZoneId.of("UTC");

	public ZoneId getTimeZone() {
		return this.timeZone;
	}

	public void setTimeZone(ZoneId timeZone) {
		this.timeZone = timeZone;
	}

}
