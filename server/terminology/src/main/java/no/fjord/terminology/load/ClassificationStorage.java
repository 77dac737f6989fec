package no.fjord.terminology.load;

import ca.uhn.fhir.jpa.entity.TermCodeSystemVersion;
import ca.uhn.fhir.jpa.entity.TermConcept;
import ca.uhn.fhir.jpa.entity.TermConceptParentChildLink.RelationshipTypeEnum;
import ca.uhn.fhir.jpa.term.api.ITermCodeSystemStorageSvc;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CodeSystem.PropertyType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a classification read from a file as one version of a code system in HAPI's terminology tables.
 * Everything happens in one transaction, so a load that fails half-way leaves the previous version as it
 * was; the new version becomes the current one only when all its codes are stored.
 */
public class ClassificationStorage {

	static final String VALID_FROM = "validFrom";
	static final String VALID_TO = "validTo";
	private static final String ENGLISH = "en";

	private final ITermCodeSystemStorageSvc storage;
	private final TransactionTemplate transaction;

	public ClassificationStorage(ITermCodeSystemStorageSvc storage, TransactionTemplate transaction) {
		this.storage = storage;
		this.transaction = transaction;
	}

	/**
	 * @param codeSystem id, url, version, name and title of the code system; its concepts are not part of
	 *     the resource ({@code content = not-present}) but live in the terminology tables
	 */
	public IIdType store(CodeSystem codeSystem, List<ClassificationConcept> concepts) {
		codeSystem.setContent(CodeSystem.CodeSystemContentMode.NOTPRESENT)
				.setHierarchyMeaning(CodeSystem.CodeSystemHierarchyMeaning.ISA)
				.setCount(concepts.size());
		codeSystem.addProperty().setCode(VALID_FROM).setType(PropertyType.STRING)
				.setDescription("First day the code may be used (Gyldig fra)");
		codeSystem.addProperty().setCode(VALID_TO).setType(PropertyType.STRING)
				.setDescription("Last day the code may be used (Gyldig til)");
		TermCodeSystemVersion version = termVersion(concepts);
		return transaction.execute(status -> storage.storeNewCodeSystemVersion(
				codeSystem, version, new SystemRequestDetails(), List.of(), List.of()));
	}

	private TermCodeSystemVersion termVersion(List<ClassificationConcept> concepts) {
		TermCodeSystemVersion version = new TermCodeSystemVersion();
		Map<String, TermConcept> byCode = new HashMap<>();
		for (ClassificationConcept concept : concepts) {
			byCode.put(concept.code(), termConcept(version, concept));
		}
		for (ClassificationConcept concept : concepts) {
			TermConcept termConcept = byCode.get(concept.code());
			if (concept.parent() == null) {
				version.getConcepts().add(termConcept);
			} else {
				byCode.get(concept.parent()).addChild(termConcept, RelationshipTypeEnum.ISA);
			}
		}
		return version;
	}

	private static TermConcept termConcept(TermCodeSystemVersion version, ClassificationConcept concept) {
		TermConcept termConcept = new TermConcept(version, concept.code()).setDisplay(concept.display());
		if (concept.english() != null) {
			termConcept.addDesignation().setLanguage(ENGLISH).setValue(concept.english());
		}
		if (concept.validFrom() != null) {
			termConcept.addPropertyString(VALID_FROM, concept.validFrom().toString());
		}
		if (concept.validTo() != null) {
			termConcept.addPropertyString(VALID_TO, concept.validTo().toString());
		}
		return termConcept;
	}
}
