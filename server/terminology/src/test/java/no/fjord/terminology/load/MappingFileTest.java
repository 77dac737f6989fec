package no.fjord.terminology.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;
import org.junit.jupiter.api.Test;

class MappingFileTest {

	@Test
	void readsPairsWithTheirRelationDefaultingToRelatedTo() {
		List<Mapping> mappings = read("ICPC-2;ICD-10;Relasjon\nK86;I10;equivalent\nT90;E11;\nT90;E119;narrower\n");

		assertThat(mappings).containsExactly(
				new Mapping("K86", "I10", ConceptMapEquivalence.EQUIVALENT, 2),
				new Mapping("T90", "E11", ConceptMapEquivalence.RELATEDTO, 3),
				new Mapping("T90", "E119", ConceptMapEquivalence.NARROWER, 4));
	}

	@Test
	void refusesUnknownRelations() {
		assertThatThrownBy(() -> read("ICPC-2;ICD-10;Relasjon\nK86;I10;same\n"))
				.isInstanceOfSatisfying(TerminologyFileException.class, e -> assertThat(e.line()).isEqualTo(2))
				.hasMessageContaining("'same' is not a ConceptMap equivalence");
	}

	@Test
	void refusesRepeatedPairsAndMissingTargets() {
		assertThatThrownBy(() -> read("Fra;Til\nK86;I10\nK86;I10\n"))
				.hasMessage("line 3: K86 -> I10 already given on line 2");
		assertThatThrownBy(() -> read("Fra;Til\nK86;\n"))
				.hasMessage("line 2: no target code for K86");
	}

	private static List<Mapping> read(String text) {
		return MappingFile.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
	}
}
