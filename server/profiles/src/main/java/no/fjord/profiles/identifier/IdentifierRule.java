package no.fjord.profiles.identifier;

import java.util.Optional;

/**
 * A check that an identifier value is a well-formed number in one national identifier system.
 * Problems are described without repeating the value, so they can be shown and logged safely.
 */
public interface IdentifierRule {

	/** The identifier system (an {@code urn:oid:} URI) this rule checks. */
	String system();

	/** @return what is wrong with the value, or empty when it is a valid number */
	Optional<String> problem(String value);
}
