package no.fjord.profiles.write;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.IModelVisitor2;
import java.util.List;
import no.fjord.profiles.identifier.IdentifierRules;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Refuses a write (422) when any Identifier in the resource, wherever it sits (the resource's own
 * identifiers, a Reference's identifier, a contained resource, an extension), has a Norwegian national
 * system and a value that is not a valid number in it, whatever profile the resource claims.
 *
 * <p>It runs just before storage, inside the transaction, so it covers creates, updates, PATCH results
 * and every entry of a transaction bundle, and a refusal rolls the whole transaction back. Every
 * problem is reported at once, each with its FHIRPath location.
 */
@Interceptor
public final class IdentifierCheckingInterceptor {

	private final FhirContext fhirContext;
	private final IdentifierRules rules;

	public IdentifierCheckingInterceptor(FhirContext fhirContext, IdentifierRules rules) {
		this.fhirContext = fhirContext;
		this.rules = rules;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		check(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource) {
		check(newResource);
	}

	void check(IBaseResource resource) {
		OperationOutcome outcome = new OperationOutcome();
		fhirContext.newTerser().visit(resource, new IdentifierVisitor(outcome));
		if (!outcome.getIssue().isEmpty()) {
			throw new UnprocessableEntityException(fhirContext, outcome);
		}
	}

	private final class IdentifierVisitor implements IModelVisitor2 {
		private final OperationOutcome outcome;

		IdentifierVisitor(OperationOutcome outcome) {
			this.outcome = outcome;
		}

		@Override
		public boolean acceptElement(IBase element, List<IBase> containingElementPath,
				List<BaseRuntimeChildDefinition> childDefinitionPath,
				List<BaseRuntimeElementDefinition<?>> elementDefinitionPath) {
			if (element instanceof Identifier identifier && identifier.hasValue()) {
				rules.problem(identifier.getSystem(), identifier.getValue()).ifPresent(problem -> {
					String location = FhirPaths.of(containingElementPath, childDefinitionPath);
					outcome.addIssue()
							.setSeverity(IssueSeverity.ERROR)
							.setCode(IssueType.VALUE)
							.setDiagnostics(location + ".value " + problem)
							.addExpression(location + ".value");
				});
				return false;
			}
			return true;
		}
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
