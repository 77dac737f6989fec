package no.fjord.terminology.typeahead;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceDesignationComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

/**
 * A concept of an expansion, with what type-ahead matches against prepared once: the lower-cased code and
 * display, and the distinct words of its display and designations.
 */
record IndexedConcept(ValueSetExpansionContainsComponent concept, String code, String display, String[] words) {

	static IndexedConcept of(ValueSetExpansionContainsComponent concept) {
		StringBuilder text = new StringBuilder(concept.getDisplay() == null ? "" : concept.getDisplay());
		for (ConceptReferenceDesignationComponent designation : concept.getDesignation()) {
			text.append(' ').append(designation.getValue());
		}
		String[] words = Arrays.stream(words(text.toString())).filter(word -> !word.isEmpty()).distinct()
				.toArray(String[]::new);
		return new IndexedConcept(concept, lower(concept.getCode()), lower(concept.getDisplay()), words);
	}

	/** Every query word starts one of the concept's words. */
	boolean hasWordsStartingWith(List<String> queryWords) {
		for (String queryWord : queryWords) {
			if (!startsAnyWord(queryWord)) {
				return false;
			}
		}
		return true;
	}

	private boolean startsAnyWord(String queryWord) {
		for (String word : words) {
			if (word.startsWith(queryWord)) {
				return true;
			}
		}
		return false;
	}

	static String[] words(String text) {
		return lower(text).split("[^\\p{L}\\p{N}]+");
	}

	static String lower(String text) {
		return text == null ? "" : text.toLowerCase(Locale.ROOT);
	}
}
