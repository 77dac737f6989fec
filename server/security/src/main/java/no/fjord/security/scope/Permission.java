package no.fjord.security.scope;

/**
 * What a SMART scope lets a client do with a resource type, in the order SMART v2 writes them
 * (<a href="https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources">
 * SMART App Launch 2.2, scopes for requesting FHIR resources</a>): {@code c r u d s}.
 */
public enum Permission {
	CREATE('c'),
	READ('r'),
	UPDATE('u'),
	DELETE('d'),
	SEARCH('s');

	private final char letter;

	Permission(char letter) {
		this.letter = letter;
	}

	public char letter() {
		return letter;
	}
}
