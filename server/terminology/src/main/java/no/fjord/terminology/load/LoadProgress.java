package no.fjord.terminology.load;

/** Told how a load is going, so a person waiting for a large classification sees it move. */
@FunctionalInterface
public interface LoadProgress {

	/**
	 * @param step what the loader is doing ("read", "stored")
	 * @param count how many codes it has done so far in that step
	 */
	void report(String step, long count);
}
