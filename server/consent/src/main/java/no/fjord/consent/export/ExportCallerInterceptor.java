package no.fjord.consent.export;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.consent.caller.CallerResolver;
import no.fjord.security.token.SmartPrincipal;

/** Writes down, at kick-off, who an export is for (see {@link ExportCallers}). */
@Interceptor(order = RequestPipeline.EXPORT_CALLER)
public class ExportCallerInterceptor {

	private final CallerResolver resolver;
	private final ExportCallers callers;

	public ExportCallerInterceptor(CallerResolver resolver, ExportCallers callers) {
		this.resolver = resolver;
		this.callers = callers;
	}

	@Hook(Pointcut.STORAGE_INITIATE_BULK_EXPORT)
	public void kickOff(BulkExportJobParameters parameters) {
		String owner = parameters.getBinarySecurityContextIdentifierValue();
		SmartPrincipal.current().filter(principal -> owner != null)
				.ifPresent(principal -> callers.remember(owner, resolver.resolve(principal).keys()));
	}
}
