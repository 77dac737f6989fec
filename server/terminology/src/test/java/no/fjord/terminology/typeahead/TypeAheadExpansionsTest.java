package no.fjord.terminology.typeahead;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.support.ValueSetExpansionOptions;
import ca.uhn.fhir.jpa.term.ex.ExpansionTooCostlyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.fjord.terminology.CodeSystemDesignations;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/** The cache around the indexes; HAPI's expansion is stood in for by prepared answers per canonical. */
class TypeAheadExpansionsTest {

	private static final String URL = "https://fjord-fhir.no/fhir/ValueSet/test";

	private final Map<String, Deque<ValueSet>> answers = new HashMap<>();
	private int expansionsAsked;
	private final TypeAheadExpansions expansions = new TypeAheadExpansions(this::expand,
			new CodeSystemDesignations(system -> null), 3, Duration.ofMinutes(10),
			Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC));

	@Test
	void buildsAnIndexOnceAndAgainAfterATerminologyChange() {
		answer(URL, expansion("A", "Alfa"), expansion("A", "Alfa ny"));

		assertThat(display(expansions.expand(URL, null, "alf", 0, 10).orElseThrow())).isEqualTo("Alfa");
		assertThat(display(expansions.expand(URL, null, "al", 0, 10).orElseThrow())).isEqualTo("Alfa");
		assertThat(expansionsAsked).isEqualTo(1);

		expansions.invalidate();

		assertThat(display(expansions.expand(URL, null, "alf", 0, 10).orElseThrow())).isEqualTo("Alfa ny");
	}

	@Test
	void leavesValueSetsLargerThanTheLimitOrTooCostlyToHapi() {
		answer(URL, expansion("A", "Alfa", "B", "Beta", "C", "Gamma", "D", "Delta"));
		assertThat(expansions.expand(URL, null, "a", 0, 10)).isEmpty();

		// no answer prepared for URL|2: the stand-in throws HAPI's "too costly"
		assertThat(expansions.expand(URL, "2", "a", 0, 10)).isEmpty();
	}

	@Test
	void answersWithTotalPagingAndTheValueSetsIdentity() {
		answer(URL, expansion("A", "Alfa", "B", "Albert", "C", "Gamma"));

		ValueSet page = expansions.expand(URL, null, "al", 1, 1).orElseThrow();

		assertThat(page.getUrl()).isEqualTo(URL);
		assertThat(page.getExpansion().getTotal()).isEqualTo(2);
		assertThat(page.getExpansion().getOffset()).isEqualTo(1);
		assertThat(page.getExpansion().getContains()).extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
				.containsExactly("B");
	}

	private ValueSet expand(String canonical, ValueSetExpansionOptions options) {
		expansionsAsked++;
		Deque<ValueSet> prepared = answers.get(canonical);
		if (prepared == null || prepared.isEmpty()) {
			throw new ExpansionTooCostlyException("too many codes");
		}
		return prepared.size() > 1 ? prepared.poll() : prepared.peek();
	}

	private void answer(String canonical, ValueSet... expansions) {
		answers.put(canonical, new ArrayDeque<>(List.of(expansions)));
	}

	private static String display(ValueSet valueSet) {
		return valueSet.getExpansion().getContainsFirstRep().getDisplay();
	}

	private static ValueSet expansion(String... codesAndDisplays) {
		ValueSet valueSet = new ValueSet().setUrl(URL);
		for (int i = 0; i < codesAndDisplays.length; i += 2) {
			valueSet.getExpansion().addContains().setSystem("urn:test").setCode(codesAndDisplays[i])
					.setDisplay(codesAndDisplays[i + 1]);
		}
		return valueSet;
	}
}
