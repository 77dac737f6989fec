package no.fjord.consent.caller;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import no.fjord.common.fhir.NorwegianIdentifierSystems;
import no.fjord.consent.blocking.ActorKeys;
import no.fjord.security.scope.SmartScope;
import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;

/**
 * Works out every key a blocking could name a caller by, from the token and the directory resources in
 * storage: their Practitioner (and its identifiers, such as the HPR number), their PractitionerRoles, the
 * organisations of those roles and of the token (with every organisation above them through
 * {@code partOf}: blocking a hospital blocks its departments), and the care teams they take part in.
 * A person is blocked by an organisation's blocking if they act for it or hold a role in it. The answer
 * is kept for a short while per caller.
 */
public final class CallerResolver {

	/** The scope that lets health personnel override a blocking in an emergency. */
	public static final String EMERGENCY_ACCESS_SCOPE = "fjord.emergency-access";
	private static final int MAX_PART_OF_DEPTH = 5;

	private final DaoRegistry daos;
	private final Cache<String, Caller> callers;

	public CallerResolver(DaoRegistry daos, Duration cacheFor) {
		this.daos = daos;
		this.callers = Caffeine.newBuilder().expireAfterWrite(cacheFor).maximumSize(100_000).build();
	}

	/** Whether this caller may override blockings in an emergency: health personnel with the scope for it. */
	public boolean mayUseEmergencyAccess(SmartPrincipal principal) {
		return principal.scopes().otherScopes().contains(EMERGENCY_ACCESS_SCOPE) && resolve(principal).personnel();
	}

	/**
	 * Whether the token acts for a person ({@code user/} or {@code patient/} scopes) without saying who
	 * (no {@code fhirUser}, no HPR number): no blocking could be checked against such a caller.
	 */
	public static boolean actsForUnnamedPerson(SmartPrincipal principal) {
		boolean forPerson = principal.scopes().resourceScopes().stream()
				.anyMatch(scope -> scope.context() != SmartScope.Context.SYSTEM);
		return forPerson && principal.fhirUser().isEmpty() && principal.hprNumber().isEmpty();
	}

	public Caller resolve(SmartPrincipal principal) {
		// every claim the keys are read from: two tokens of one subject may name different people or roles
		String id = principal.issuer() + " " + principal.subject() + " " + principal.fhirUser().orElse("")
				+ " " + principal.hprNumber().orElse("") + " " + principal.organisation().orElse("");
		return callers.get(id, key -> lookUp(key, principal));
	}

	private Caller lookUp(String id, SmartPrincipal principal) {
		Set<String> keys = new HashSet<>();
		Set<IIdType> organisations = new HashSet<>();
		Optional<IdType> fhirUser = principal.fhirUser().map(IdType::new).map(IdType::toUnqualifiedVersionless);
		String userType = fhirUser.map(IdType::getResourceType).orElse("");
		principal.hprNumber().ifPresent(hpr -> keys.add(ActorKeys.identifier(NorwegianIdentifierSystems.HPR_NUMMER, hpr)));
		principal.organisation().ifPresent(orgnr -> {
			keys.add(ActorKeys.identifier(NorwegianIdentifierSystems.ORGANISASJONSNUMMER, orgnr));
			organisationsWithIdentifier(orgnr).forEach(organisations::add);
		});

		Optional<IIdType> practitioner = Optional.empty();
		if ("Practitioner".equals(userType)) {
			practitioner = Optional.of(fhirUser.get());
		} else if ("PractitionerRole".equals(userType)) {
			keys.add(ActorKeys.reference(fhirUser.get()));
			Optional<PractitionerRole> role = read(PractitionerRole.class, fhirUser.get());
			role.filter(PractitionerRole::hasOrganization)
					.ifPresent(found -> organisations.add(found.getOrganization().getReferenceElement()));
			practitioner = role.filter(PractitionerRole::hasPractitioner)
					.map(found -> found.getPractitioner().getReferenceElement());
		} else if (fhirUser.isEmpty() && principal.hprNumber().isPresent()) {
			practitioner = practitionerWithHpr(principal.hprNumber().get());
		}

		Set<String> members = new HashSet<>(keys);
		practitioner.ifPresent(found -> {
			keys.add(ActorKeys.reference(found));
			members.add(ActorKeys.reference(found));
			read(Practitioner.class, found).ifPresent(person -> addIdentifiers(person.getIdentifier(), keys));
			for (PractitionerRole role : search(PractitionerRole.class, PractitionerRole.SP_PRACTITIONER,
					ActorKeys.reference(found))) {
				String roleKey = "PractitionerRole/" + role.getIdElement().getIdPart();
				keys.add(roleKey);
				members.add(roleKey);
				if (role.hasOrganization()) {
					organisations.add(role.getOrganization().getReferenceElement());
				}
			}
		});
		organisations.forEach(organisation -> addOrganisation(organisation, keys, 0));
		for (String member : members) {
			if (member.contains("/")) {
				search(CareTeam.class, CareTeam.SP_PARTICIPANT, member)
						.forEach(team -> keys.add("CareTeam/" + team.getIdElement().getIdPart()));
			}
		}
		boolean personnel = practitioner.isPresent() || principal.hprNumber().isPresent();
		return new Caller(id, keys, personnel);
	}

	private void addOrganisation(IIdType reference, Set<String> keys, int depth) {
		if (!reference.hasIdPart() || !reference.hasResourceType() || depth > MAX_PART_OF_DEPTH
				|| !keys.add(ActorKeys.reference(reference))) {
			return;
		}
		read(Organization.class, reference).ifPresent(organisation -> {
			addIdentifiers(organisation.getIdentifier(), keys);
			if (organisation.hasPartOf()) {
				addOrganisation(organisation.getPartOf().getReferenceElement(), keys, depth + 1);
			}
		});
	}

	private static void addIdentifiers(List<Identifier> identifiers, Set<String> keys) {
		identifiers.stream().filter(identifier -> identifier.hasSystem() && identifier.hasValue())
				.forEach(identifier -> keys.add(ActorKeys.identifier(identifier.getSystem(), identifier.getValue())));
	}

	private List<IIdType> organisationsWithIdentifier(String orgnr) {
		return search(Organization.class, Organization.SP_IDENTIFIER, null,
				new TokenParam(NorwegianIdentifierSystems.ORGANISASJONSNUMMER, orgnr))
				.stream().map(found -> (IIdType) found.getIdElement().toUnqualifiedVersionless()).toList();
	}

	private Optional<IIdType> practitionerWithHpr(String hpr) {
		return search(Practitioner.class, Practitioner.SP_IDENTIFIER, null, new TokenParam(NorwegianIdentifierSystems.HPR_NUMMER, hpr))
				.stream().findFirst().map(found -> found.getIdElement().toUnqualifiedVersionless());
	}

	private <T extends IBaseResource> List<T> search(Class<T> type, String parameter, String reference) {
		return search(type, parameter, new ReferenceParam(reference), null);
	}

	@SuppressWarnings("unchecked")
	private <T extends IBaseResource> List<T> search(Class<T> type, String parameter, ReferenceParam reference,
			TokenParam token) {
		SearchParameterMap query = SearchParameterMap.newSynchronous(parameter, reference != null ? reference : token);
		query.setCount(200);
		return (List<T>) (List<?>) daos.getResourceDao(type).search(query, new SystemRequestDetails()).getAllResources();
	}

	private <T extends IBaseResource> Optional<T> read(Class<T> type, IIdType id) {
		try {
			return Optional.of(daos.getResourceDao(type).read(id.toUnqualifiedVersionless(), new SystemRequestDetails()));
		} catch (ResourceNotFoundException | ResourceGoneException missing) {
			return Optional.empty();
		}
	}
}
