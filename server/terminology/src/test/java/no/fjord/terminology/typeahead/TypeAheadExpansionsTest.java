package no.fjord.terminology.typeahead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValueSetExpansionOptions;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDaoValueSet;
import ca.uhn.fhir.jpa.term.ex.ExpansionTooCostlyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import no.fjord.terminology.CodeSystemDesignations;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/** The cache around the indexes; the expansion itself is HAPI's, stood in for here by a stub DAO. */
class TypeAheadExpansionsTest {

	private static final String URL = "https://fjord-fhir.no/fhir/ValueSet/test";

	@SuppressWarnings("unchecked")
	private final IFhirResourceDaoValueSet<ValueSet> valueSets = mock(IFhirResourceDaoValueSet.class);
	private final TypeAheadExpansions expansions = new TypeAheadExpansions(valueSets,
			new CodeSystemDesignations(mock(IValidationSupport.class)), 3, Duration.ofMinutes(10),
			Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC));

	@Test
	void buildsAnIndexOnceAndAgainAfterATerminologyChange() {
		when(valueSets.expandByIdentifier(eq(URL), any(ValueSetExpansionOptions.class)))
				.thenReturn(expansion("A", "Alfa"), expansion("A", "Alfa ny"));

		assertThat(display(expansions.expand(URL, null, "alf", 0, 10).orElseThrow())).isEqualTo("Alfa");
		assertThat(display(expansions.expand(URL, null, "al", 0, 10).orElseThrow())).isEqualTo("Alfa");
		verify(valueSets, times(1)).expandByIdentifier(eq(URL), any(ValueSetExpansionOptions.class));

		expansions.invalidate();

		assertThat(display(expansions.expand(URL, null, "alf", 0, 10).orElseThrow())).isEqualTo("Alfa ny");
	}

	@Test
	void leavesValueSetsLargerThanTheLimitOrTooCostlyToHapi() {
		when(valueSets.expandByIdentifier(eq(URL), any(ValueSetExpansionOptions.class)))
				.thenReturn(expansion("A", "Alfa", "B", "Beta", "C", "Gamma", "D", "Delta"));
		assertThat(expansions.expand(URL, null, "a", 0, 10)).isEmpty();

		when(valueSets.expandByIdentifier(eq(URL + "|2"), any(ValueSetExpansionOptions.class)))
				.thenThrow(new ExpansionTooCostlyException("too many"));
		assertThat(expansions.expand(URL, "2", "a", 0, 10)).isEmpty();
	}

	@Test
	void answersWithTotalPagingAndTheValueSetsIdentity() {
		when(valueSets.expandByIdentifier(eq(URL), any(ValueSetExpansionOptions.class)))
				.thenReturn(expansion("A", "Alfa", "B", "Albert", "C", "Gamma"));

		ValueSet page = expansions.expand(URL, null, "al", 1, 1).orElseThrow();

		assertThat(page.getUrl()).isEqualTo(URL);
		assertThat(page.getExpansion().getTotal()).isEqualTo(2);
		assertThat(page.getExpansion().getOffset()).isEqualTo(1);
		assertThat(page.getExpansion().getContains()).extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
				.containsExactly("B");
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
