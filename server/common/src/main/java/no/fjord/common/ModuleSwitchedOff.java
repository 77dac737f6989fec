package no.fjord.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Present in the context when an operator switched a protective module off ({@code fjord.<module>.enabled=false}).
 * Every module is switched the same way: its enforcing beans are {@code @ConditionalOnProperty} on that key
 * (on when missing), and a bean of this type, conditional on {@code false}, says so at every start.
 */
public record ModuleSwitchedOff(String key) {

	private static final Logger log = LoggerFactory.getLogger(ModuleSwitchedOff.class);

	/** Logs {@code "<WHAT> IS OFF (<key>=false): <consequence>"} as a warning. */
	public static ModuleSwitchedOff warn(String what, String key, String consequence) {
		log.warn("{} IS OFF ({}=false): {}", what, key, consequence);
		return new ModuleSwitchedOff(key);
	}
}
