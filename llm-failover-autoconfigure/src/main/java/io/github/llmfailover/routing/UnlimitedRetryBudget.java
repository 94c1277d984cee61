package io.github.llmfailover.routing;

/**
 * The budget of {@link RetryBudget#unlimited()}.
 */
final class UnlimitedRetryBudget implements RetryBudget {

	static final UnlimitedRetryBudget INSTANCE = new UnlimitedRetryBudget();

	private UnlimitedRetryBudget() {
	}

	@Override
	public void deposit() {
	}

	@Override
	public boolean tryWithdraw() {
		return true;
	}

	@Override
	public void refund(int tokens) {
	}

	@Override
	public long available() {
		return Long.MAX_VALUE;
	}

	@Override
	public long rejected() {
		return 0;
	}

	@Override
	public String toString() {
		return "RetryBudget.unlimited()";
	}

}
