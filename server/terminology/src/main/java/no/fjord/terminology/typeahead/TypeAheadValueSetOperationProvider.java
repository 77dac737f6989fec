package no.fjord.terminology.typeahead;

import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.term.ex.ExpansionTooCostlyException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import no.fjord.common.error.OperationOutcomes;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * HAPI's ValueSet operations, with {@code $expand} of a value set named by {@code url} (type-ahead with
 * {@code filter}, and paging with {@code offset}/{@code count}) answered by {@link TypeAheadExpansions}.
 * HAPI pages only pre-expanded value sets and fails on the others ("too many codes") until its background
 * pre-expansion has run. The method is not annotated again: HAPI binds the annotated
 * method of the superclass, and calling it runs this override.
 */
public class TypeAheadValueSetOperationProvider extends ValueSetOperationProvider {

	/** Default and largest page, as HAPI's own expansion pages. */
	private static final int MAX_COUNT = 1000;
	private static final String TOO_LARGE = "The value set is too large to expand before the server has "
			+ "pre-expanded it; narrow it with filter, or try again later";

	private final TypeAheadExpansions typeAhead;

	public TypeAheadValueSetOperationProvider(TypeAheadExpansions typeAhead) {
		this.typeAhead = typeAhead;
	}

	@Override
	public IBaseResource expand(HttpServletRequest servletRequest, IIdType id, IBaseResource valueSet,
			IPrimitiveType<String> url, IPrimitiveType<String> valueSetVersion, IPrimitiveType<String> filter,
			IPrimitiveType<String> context, IPrimitiveType<String> contextDirection, IPrimitiveType<Integer> offset,
			IPrimitiveType<Integer> count, IPrimitiveType<String> displayLanguage,
			IPrimitiveType<Boolean> includeHierarchy, RequestDetails requestDetails) {
		if (isIndexable(id, valueSet, url, context, includeHierarchy)) {
			int first = offset == null || offset.getValue() == null ? 0 : Math.max(0, offset.getValue());
			int size = count == null || count.getValue() == null
					? MAX_COUNT
					: Math.min(MAX_COUNT, Math.max(0, count.getValue()));
			Optional<ValueSet> expansion = typeAhead.expand(url.getValue(),
					valueSetVersion == null ? null : valueSetVersion.getValue(),
					filter == null || filter.getValue() == null ? "" : filter.getValue(), first, size);
			if (expansion.isPresent()) {
				return expansion.get();
			}
		}
		try {
			return super.expand(servletRequest, id, valueSet, url, valueSetVersion, filter, context, contextDirection,
					offset, count, displayLanguage, includeHierarchy, requestDetails);
		} catch (ExpansionTooCostlyException e) {
			throw new InvalidRequestException(TOO_LARGE,
					OperationOutcomes.error(OperationOutcome.IssueType.TOOCOSTLY, TOO_LARGE));
		}
	}

	private static boolean isIndexable(IIdType id, IBaseResource valueSet, IPrimitiveType<String> url,
			IPrimitiveType<String> context, IPrimitiveType<Boolean> includeHierarchy) {
		return id == null && valueSet == null && url != null && url.hasValue() && context == null
				&& (includeHierarchy == null || !Boolean.TRUE.equals(includeHierarchy.getValue()));
	}
}
