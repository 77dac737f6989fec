package no.fjord.consent.blocking;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;

/** {@link DataFacts} of a resource, each worked out on first use. */
public final class ResourceDataFacts implements DataFacts {

	/**
	 * The search parameters whose path is a resource's clinical date, in order of preference: R4's
	 * {@code clinical-date} ({@code date}) where the type has it, else the nearest equivalent.
	 */
	private static final List<String> CLINICAL_DATE_PARAMETERS =
			List.of("date", "onset-date", "recorded-date", "authored", "created", "issued", "period");

	private final FhirContext context;
	private final IBaseResource resource;
	private Set<String> references;
	private DateRange clinicalDate;
	private boolean clinicalDateRead;

	public ResourceDataFacts(FhirContext context, IBaseResource resource) {
		this.context = context;
		this.resource = resource;
	}

	@Override
	public String resourceType() {
		return context.getResourceType(resource);
	}

	@Override
	public String reference() {
		return resourceType() + "/" + resource.getIdElement().getIdPart();
	}

	@Override
	public Set<String> securityLabels() {
		Set<String> labels = new HashSet<>();
		for (IBaseCoding label : resource.getMeta().getSecurity()) {
			labels.add(label.getSystem() + "|" + label.getCode());
		}
		return labels;
	}

	@Override
	public DateRange clinicalDate() {
		if (!clinicalDateRead) {
			clinicalDate = readClinicalDate();
			clinicalDateRead = true;
		}
		return clinicalDate;
	}

	@Override
	public Set<String> references() {
		if (references == null) {
			references = new HashSet<>();
			for (IBaseReference reference : context.newTerser().getAllPopulatedChildElementsOfType(resource,
					IBaseReference.class)) {
				var id = reference.getReferenceElement();
				if (id.hasResourceType() && id.hasIdPart()) {
					references.add(ActorKeys.reference(id));
				}
			}
		}
		return references;
	}

	private DateRange readClinicalDate() {
		RuntimeResourceDefinition definition = context.getResourceDefinition(resource);
		for (String name : CLINICAL_DATE_PARAMETERS) {
			RuntimeSearchParam parameter = definition.getSearchParam(name);
			if (parameter == null || parameter.getPath() == null || parameter.getPath().isBlank()) {
				continue;
			}
			List<IBase> values = context.newFhirPath().evaluate(resource, parameter.getPath(), IBase.class);
			DateRange range = span(values);
			if (range != null) {
				return range;
			}
		}
		return null;
	}

	/** One range spanning all values; an open end in any of them leaves that end open. */
	private static DateRange span(List<IBase> values) {
		Instant start = null;
		Instant end = null;
		boolean openStart = false;
		boolean openEnd = false;
		boolean found = false;
		for (IBase value : values) {
			DateRange range = range(value);
			if (range == null) {
				continue;
			}
			found = true;
			if (range.start() == null) {
				openStart = true;
			} else if (start == null || range.start().isBefore(start)) {
				start = range.start();
			}
			if (range.end() == null) {
				openEnd = true;
			} else if (end == null || range.end().isAfter(end)) {
				end = range.end();
			}
		}
		return found ? new DateRange(openStart ? null : start, openEnd ? null : end) : null;
	}

	private static DateRange range(IBase value) {
		if (value instanceof BaseDateTimeType date && date.getValue() != null) {
			return new DateRange(date.getValue().toInstant(), BlockingReader.upperBound(date));
		}
		if (value instanceof Period period && !period.isEmpty()) {
			return BlockingReader.range(period);
		}
		return null;
	}
}
