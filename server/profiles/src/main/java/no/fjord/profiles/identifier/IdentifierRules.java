package no.fjord.profiles.identifier;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The identifier rules Fjord enforces, by identifier system. */
public final class IdentifierRules {

	private final Map<String, IdentifierRule> bySystem;

	public IdentifierRules(List<IdentifierRule> rules) {
		this.bySystem = rules.stream().collect(Collectors.toUnmodifiableMap(IdentifierRule::system, Function.identity()));
	}

	/** Fødselsnummer, D-nummer, FH-nummer and organisasjonsnummer. */
	public static IdentifierRules norwegian() {
		return new IdentifierRules(List.of(new FodselsnummerRule(), new DNummerRule(), new FhNummerRule(),
				new OrganisasjonsnummerRule()));
	}

	/** @return the problem with the value, or empty when it is valid or the system has no rule */
	public Optional<String> problem(String system, String value) {
		IdentifierRule rule = system == null ? null : bySystem.get(system);
		return rule == null ? Optional.empty() : rule.problem(value);
	}
}
