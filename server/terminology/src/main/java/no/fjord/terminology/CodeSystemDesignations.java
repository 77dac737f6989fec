package no.fjord.terminology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionDesignationComponent;
import org.hl7.fhir.r4.model.CodeSystem;

/**
 * The designations concepts have in their CodeSystem resource. HAPI leaves them out of expansions and
 * lookups of code systems it does not keep in its terminology tables (such as Fjord's kommunenummer, a
 * fragment), so Sami and Norwegian names of municipalities would otherwise be lost to type-ahead and
 * {@code displayLanguage}.
 */
public class CodeSystemDesignations {

	private final Function<String, IBaseResource> fetchCodeSystem;

	/** @param fetchCodeSystem finds the CodeSystem resource of a system, e.g. the validation chain's */
	public CodeSystemDesignations(Function<String, IBaseResource> fetchCodeSystem) {
		this.fetchCodeSystem = fetchCodeSystem;
	}

	/** Per code, the designations of the system's CodeSystem resource; empty when it has none. */
	public Map<String, List<ConceptDefinitionDesignationComponent>> of(String system) {
		Map<String, List<ConceptDefinitionDesignationComponent>> designations = new HashMap<>();
		if (system != null && fetchCodeSystem.apply(system) instanceof CodeSystem codeSystem) {
			collect(codeSystem.getConcept(), designations);
		}
		return designations;
	}

	private static void collect(List<ConceptDefinitionComponent> concepts,
			Map<String, List<ConceptDefinitionDesignationComponent>> designations) {
		for (ConceptDefinitionComponent concept : concepts) {
			if (concept.hasDesignation()) {
				designations.put(concept.getCode(), concept.getDesignation());
			}
			collect(concept.getConcept(), designations);
		}
	}
}
