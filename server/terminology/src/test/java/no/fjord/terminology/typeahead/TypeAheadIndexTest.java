package no.fjord.terminology.typeahead;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

class TypeAheadIndexTest {

	private final TypeAheadIndex index = new TypeAheadIndex(expansion(
			concept("I10", "Essensiell (primær) hypertensjon", "Essential (primary) hypertension"),
			concept("J45", "Astma", "Asthma"),
			concept("J450", "Overveiende allergisk astma", "Predominantly allergic asthma"),
			concept("J451", "Ikke-allergisk astma", "Nonallergic asthma"),
			concept("J46", "Status astmaticus", "Status asthmaticus"),
			concept("K35", "Akutt appendisitt", "Acute appendicitis"),
			concept("AST", "Astigmatisme", null)));

	@Test
	void codePrefixesComeFirstThenDisplaysStartingWithTheFilterThenOtherWordMatches() {
		assertThat(codes("ast", 0, 10)).containsExactly("AST", "J45", "J450", "J451", "J46");
		assertThat(codes("j45", 0, 10)).containsExactly("J45", "J450", "J451");
		assertThat(codes("j450", 0, 10)).containsExactly("J450");
	}

	@Test
	void theCodeEqualToTheFilterComesFirstWhateverTheExpansionOrder() {
		TypeAheadIndex childrenFirst = new TypeAheadIndex(expansion(concept("J450", "Allergisk astma", null),
				concept("J45", "Astma", null)));

		assertThat(childrenFirst.page("J45", 0, 10).concepts()).extracting(ValueSetExpansionContainsComponent::getCode)
				.containsExactly("J45", "J450");
	}

	@Test
	void everyWordOfTheFilterMustStartAWordOfDisplayOrDesignation() {
		assertThat(codes("allerg astma", 0, 10)).containsExactly("J450", "J451");
		assertThat(codes("ikke aller", 0, 10)).containsExactly("J451");
		assertThat(codes("primær", 0, 10)).containsExactly("I10");
		assertThat(codes("acute", 0, 10)).as("English designations are searched too").containsExactly("K35");
		assertThat(codes("stma", 0, 10)).as("words match from their start").isEmpty();
	}

	@Test
	void pagesAndCountsAllMatches() {
		TypeAheadIndex.Page page = index.page("a", 1, 2);

		assertThat(page.total()).isEqualTo(6);
		assertThat(page.concepts()).extracting(ValueSetExpansionContainsComponent::getCode).containsExactly("J45", "K35");
	}

	@Test
	void aBlankFilterPagesThroughEveryConceptInExpansionOrder() {
		TypeAheadIndex.Page page = index.page(" ", 5, 10);

		assertThat(page.total()).isEqualTo(7);
		assertThat(page.concepts()).extracting(ValueSetExpansionContainsComponent::getCode).containsExactly("K35", "AST");
	}

	private List<String> codes(String filter, int offset, int count) {
		return index.page(filter, offset, count).concepts().stream().map(ValueSetExpansionContainsComponent::getCode).toList();
	}

	private static ValueSet expansion(ValueSetExpansionContainsComponent... concepts) {
		ValueSet valueSet = new ValueSet();
		for (ValueSetExpansionContainsComponent concept : concepts) {
			valueSet.getExpansion().addContains(concept);
		}
		return valueSet;
	}

	private static ValueSetExpansionContainsComponent concept(String code, String display, String english) {
		ValueSetExpansionContainsComponent concept = new ValueSetExpansionContainsComponent()
				.setSystem("http://hl7.org/fhir/sid/icd-10-no").setCode(code).setDisplay(display);
		if (english != null) {
			concept.addDesignation().setLanguage("en").setValue(english);
		}
		return concept;
	}
}
