package no.fjord.profiles.write;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.IModelVisitor2;
import java.util.ArrayList;
import java.util.List;
import no.fjord.profiles.identifier.IdentifierRules;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Finds every Identifier in a resource, wherever it sits (the resource's own identifiers, a
 * Reference's identifier, a contained resource, an extension), whose value is not a valid number in
 * its Norwegian national system.
 */
public final class IdentifierProblems {

	/** One invalid identifier value: its FHIRPath and what is wrong with it. */
	public record Problem(String expression, String message) {}

	private final FhirContext fhirContext;
	private final IdentifierRules rules;

	public IdentifierProblems(FhirContext fhirContext, IdentifierRules rules) {
		this.fhirContext = fhirContext;
		this.rules = rules;
	}

	public List<Problem> in(IBaseResource resource) {
		List<Problem> problems = new ArrayList<>();
		fhirContext.newTerser().visit(resource, new IModelVisitor2() {
			@Override
			public boolean acceptElement(IBase element, List<IBase> containingElementPath,
					List<BaseRuntimeChildDefinition> childDefinitionPath,
					List<BaseRuntimeElementDefinition<?>> elementDefinitionPath) {
				if (element instanceof Identifier identifier && identifier.hasValue()) {
					rules.problem(identifier.getSystem(), identifier.getValue()).ifPresent(problem -> {
						String expression = FhirPaths.of(containingElementPath, childDefinitionPath) + ".value";
						problems.add(new Problem(expression, expression + " " + problem));
					});
					return false;
				}
				return true;
			}
		});
		return problems;
	}

	/** Builds a FHIRPath such as {@code Patient.contact[0].identifier[1]} from the terser's paths. */
	static final class FhirPaths {
		private FhirPaths() {}

		/**
		 * The terser lists every element from the resource down, and the child definition that led to
		 * each; a contained resource is listed twice in a row (entered once more to visit its content)
		 * with one child definition.
		 */
		static String of(List<IBase> elements, List<BaseRuntimeChildDefinition> childDefinitions) {
			StringBuilder path = new StringBuilder(((IBaseResource) elements.get(0)).fhirType());
			int nextChild = 0;
			for (int i = 1; i < elements.size(); i++) {
				IBase parent = elements.get(i - 1);
				IBase current = elements.get(i);
				if (current == parent) {
					continue;
				}
				BaseRuntimeChildDefinition child = childDefinitions.get(nextChild++);
				path.append('.').append(child.getElementName().replace("[x]", ""));
				if (child.getMax() != 1) {
					path.append('[').append(indexOf(child.getAccessor().getValues(parent), current)).append(']');
				}
			}
			return path.toString();
		}

		private static int indexOf(List<? extends IBase> siblings, IBase element) {
			for (int i = 0; i < siblings.size(); i++) {
				if (siblings.get(i) == element) {
					return i;
				}
			}
			return 0;
		}
	}
}
