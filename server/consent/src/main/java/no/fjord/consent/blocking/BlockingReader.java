package no.fjord.consent.blocking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * Reads a blocking from a Consent: active, Fjord's {@code sperring} category, a deny provision. Anything else
 * is not a blocking and has no effect on access.
 */
public final class BlockingReader {

	public static final String CATEGORY_SYSTEM = "https://fjord-fhir.no/fhir/CodeSystem/fjord-consent-category";
	public static final String CATEGORY_CODE = "sperring";
	public static final String PROFILE = "https://fjord-fhir.no/fhir/StructureDefinition/fjord-blocking-consent";

	private BlockingReader() {
	}

	public static boolean isBlocking(Consent consent) {
		return consent.getCategory().stream().anyMatch(category -> category.hasCoding(CATEGORY_SYSTEM, CATEGORY_CODE));
	}

	/** The blocking this Consent expresses while it is in force, or empty. */
	public static Optional<Blocking> read(Consent consent) {
		if (consent.getStatus() != Consent.ConsentState.ACTIVE || !isBlocking(consent) || !consent.hasProvision()
				|| consent.getProvision().getType() != ConsentProvisionType.DENY
				|| !consent.getPatient().getReferenceElement().hasIdPart()) {
			return Optional.empty();
		}
		String consentId = "Consent/" + consent.getIdElement().getIdPart();
		String patientId = consent.getPatient().getReferenceElement().getIdPart();
		return Optional.of(new Blocking(consentId, patientId, provision(consent.getProvision())));
	}

	private static Provision provision(ProvisionComponent provision) {
		Set<String> actors = new HashSet<>();
		provision.getActor().forEach(actor -> actorKey(actor.getReference()).ifPresent(actors::add));
		Set<String> types = new HashSet<>();
		provision.getClass_().forEach(coding -> types.add(coding.getCode()));
		Set<String> labels = new HashSet<>();
		provision.getSecurityLabel().forEach(label -> labels.add(labelKey(label)));
		List<DataReference> data = new ArrayList<>();
		provision.getData().forEach(item -> data.add(new DataReference(
				ActorKeys.reference(item.getReference().getReferenceElement()), meaning(item.getMeaning()))));
		List<Provision> exceptions = new ArrayList<>();
		provision.getProvision().stream()
				.filter(nested -> nested.getType() == ConsentProvisionType.PERMIT)
				.forEach(nested -> exceptions.add(provision(nested)));
		return new Provision(actors, range(provision.getPeriod()), types, labels, range(provision.getDataPeriod()),
				data, exceptions);
	}

	/** The key a blocking uses for an actor: its reference when it has one, else its identifier. */
	static Optional<String> actorKey(Reference actor) {
		if (actor.getReferenceElement().hasIdPart() && actor.getReferenceElement().hasResourceType()) {
			return Optional.of(ActorKeys.reference(actor.getReferenceElement()));
		}
		if (actor.hasIdentifier() && actor.getIdentifier().hasSystem() && actor.getIdentifier().hasValue()) {
			return Optional.of(ActorKeys.identifier(actor.getIdentifier().getSystem(), actor.getIdentifier().getValue()));
		}
		return Optional.empty();
	}

	static String labelKey(Coding label) {
		return label.getSystem() + "|" + label.getCode();
	}

	private static DataReference.Meaning meaning(Consent.ConsentDataMeaning meaning) {
		return switch (meaning) {
			case INSTANCE -> DataReference.Meaning.INSTANCE;
			case DEPENDENTS -> DataReference.Meaning.DEPENDENTS;
			// authoredby is refused when the Consent is written; related is the safe reading of anything else
			default -> DataReference.Meaning.RELATED;
		};
	}

	static DateRange range(Period period) {
		if (period == null || period.isEmpty()) {
			return null;
		}
		return new DateRange(
				period.hasStart() ? period.getStartElement().getValue().toInstant() : null,
				period.hasEnd() ? endOf(period) : null);
	}

	private static Instant endOf(Period period) {
		return upperBound(period.getEndElement());
	}

	/** The last instant a date stands for: {@code 2026-03} ends at the last moment of March. */
	static Instant upperBound(BaseDateTimeType value) {
		Calendar calendar = value.getValueAsCalendar();
		switch (value.getPrecision()) {
			case YEAR -> calendar.add(Calendar.YEAR, 1);
			case MONTH -> calendar.add(Calendar.MONTH, 1);
			case DAY -> calendar.add(Calendar.DAY_OF_MONTH, 1);
			case MINUTE -> calendar.add(Calendar.MINUTE, 1);
			case SECOND -> calendar.add(Calendar.SECOND, 1);
			case MILLI -> calendar.add(Calendar.MILLISECOND, 1);
		}
		return calendar.toInstant().minusMillis(1);
	}

}
