package no.fjord.common.fhir;

/**
 * What a search parameter's name says about how far it reaches (FHIR R4 search, sections 3.1.1.4.13
 * "Chained parameters" and 3.1.1.4.14 "Reverse chaining"). One rule, so every check that must not
 * let a caller look through other resources agrees on which names do.
 */
public final class SearchParameterNames {

	private SearchParameterNames() {}

	/** {@code subject.name}, {@code subject:Patient.name}: a parameter that searches through another resource. */
	public static boolean isChained(String name) {
		return !name.startsWith("_") && name.contains(".");
	}

	/** {@code _has:Observation:subject:code}: matches by what other resources that refer to this one hold. */
	public static boolean isReverseChained(String name) {
		return name.startsWith("_has");
	}

	/** Either kind: the answer depends on resources other than the ones returned. */
	public static boolean reachesOtherResources(String name) {
		return isChained(name) || isReverseChained(name);
	}
}
