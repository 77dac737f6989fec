package no.fjord.terminology.operation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.terminology.CodeSystemDesignations;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Honours {@code displayLanguage} on {@code ValueSet/$expand} and {@code CodeSystem/$lookup}: where a
 * concept has a designation in the requested language, that designation becomes its display (HAPI returns
 * the designations but keeps the code system's own display). Norwegian Bokmål is asked for as {@code nb}
 * and stored as {@code nb} or {@code no}; both count as the same language here.
 */
@Interceptor(order = RequestPipeline.DISPLAY_LANGUAGE)
public class DisplayLanguageInterceptor {

	private static final String PARAMETER = "displayLanguage";

	private final CodeSystemDesignations designationsOf;

	public DisplayLanguageInterceptor(CodeSystemDesignations designationsOf) {
		this.designationsOf = designationsOf;
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void useRequestedLanguage(RequestDetails request, IBaseResource response) {
		Optional<String> requested = OperationParameters.first(request, PARAMETER);
		if (requested.isEmpty()) {
			return;
		}
		String language = requested.get();
		if (response instanceof ValueSet valueSet && "$expand".equals(request.getOperation())) {
			relabel(valueSet.getExpansion().getContains(), language);
		} else if (response instanceof Parameters parameters && "$lookup".equals(request.getOperation())) {
			relabel(parameters, language, request);
		}
	}

	private static void relabel(List<ValueSetExpansionContainsComponent> contains, String language) {
		for (ValueSetExpansionContainsComponent concept : contains) {
			concept.getDesignation().stream()
					.filter(designation -> sameLanguage(designation.getLanguage(), language))
					.findFirst()
					.ifPresent(designation -> concept.setDisplay(designation.getValue()));
			relabel(concept.getContains(), language);
		}
	}

	private void relabel(Parameters parameters, String language, RequestDetails request) {
		Optional<String> designated = parameters.getParameters("designation").stream()
				.filter(designation -> sameLanguage(part(designation, "language"), language))
				.map(designation -> part(designation, "value"))
				.filter(value -> value != null)
				.findFirst()
				.or(() -> fromCodeSystemResource(request, language));
		ParametersParameterComponent display = parameters.getParameter("display");
		if (designated.isPresent() && display != null) {
			display.setValue(new StringType(designated.get()));
		}
	}

	/** HAPI drops designations whose language tag differs from the requested one ({@code no} for {@code nb}). */
	private Optional<String> fromCodeSystemResource(RequestDetails request, String language) {
		Optional<String> system = OperationParameters.first(request, "system");
		Optional<String> code = OperationParameters.first(request, "code");
		if (system.isEmpty() || code.isEmpty()) {
			return Optional.empty();
		}
		return designationsOf.of(system.get()).getOrDefault(code.get(), List.of()).stream()
				.filter(designation -> sameLanguage(designation.getLanguage(), language))
				.map(designation -> designation.getValue())
				.findFirst();
	}

	private static String part(ParametersParameterComponent parameter, String name) {
		return parameter.getPart().stream()
				.filter(part -> part.getName().equals(name) && part.getValue() != null)
				.map(part -> part.getValue().primitiveValue())
				.findFirst().orElse(null);
	}

	static boolean sameLanguage(String stored, String requested) {
		if (stored == null) {
			return false;
		}
		String a = primary(stored);
		String b = primary(requested);
		return a.equals(b) || (isBokmal(a) && isBokmal(b));
	}

	private static String primary(String tag) {
		int dash = tag.indexOf('-');
		return (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
	}

	private static boolean isBokmal(String language) {
		return language.equals("nb") || language.equals("no");
	}
}
