package no.fjord.terminology.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.ConceptMap.ConceptMapGroupComponent;
import org.hl7.fhir.r4.model.ConceptMap.SourceElementComponent;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.UriType;

/**
 * The ICPC-2 to ICD-10 map as one ConceptMap resource. A new version replaces the previous one in the same
 * resource (its history keeps the old), so {@code $translate} never mixes two versions of the map.
 */
final class Icpc2Icd10Map {

	static final String ID = "icpc2-icd10";

	private Icpc2Icd10Map() {}

	static ConceptMap of(String version, List<Mapping> mappings) {
		String source = TerminologyKind.ICPC_2_NO.url().orElseThrow();
		String target = TerminologyKind.ICD_10_NO.url().orElseThrow();
		ConceptMap map = new ConceptMap();
		map.setId(ID);
		map.setUrl(TerminologyKind.ICPC2_ICD10.url().orElseThrow())
				.setVersion(version)
				.setName("Icpc2ToIcd10")
				.setTitle(TerminologyKind.ICPC2_ICD10.title().orElseThrow())
				.setStatus(PublicationStatus.ACTIVE)
				.setSource(new UriType(source + "?vs"))
				.setTarget(new UriType(target + "?vs"));
		ConceptMapGroupComponent group = map.addGroup().setSource(source).setTarget(target);
		Map<String, SourceElementComponent> elements = new LinkedHashMap<>();
		for (Mapping mapping : mappings) {
			elements.computeIfAbsent(mapping.source(), code -> group.addElement().setCode(code))
					.addTarget().setCode(mapping.target()).setEquivalence(mapping.equivalence());
		}
		return map;
	}
}
