package no.fjord.security.enforcement;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.binary.BinarySecurityContextInterceptor;
import java.util.Optional;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.security.token.SmartPrincipal;

/**
 * A Bulk Data export belongs to whoever started it: its status ({@code $export-poll-status}) and its
 * files (the output {@code Binary} resources) are only for the same caller (issuer and subject).
 * The owner is written into the job at kick-off; HAPI stamps it on every output Binary
 * ({@code Binary.securityContext.identifier}), and HAPI's {@link BinarySecurityContextInterceptor} asks
 * {@link #securityContextIdentifierAllowed} before showing one. Another caller polling a job gets 404, as
 * if it did not exist.
 */
@Interceptor(order = RequestPipeline.EXPORT_OWNERSHIP)
public class ExportOwnership extends BinarySecurityContextInterceptor {

	public static final String OWNER_SYSTEM = "https://fjord-fhir.no/fhir/sid/export-owner";
	private static final String POLL_OPERATION = "$export-poll-status";

	private final IJobCoordinator jobs;

	public ExportOwnership(FhirContext fhirContext, IJobCoordinator jobs) {
		super(fhirContext);
		this.jobs = jobs;
	}

	@Hook(Pointcut.STORAGE_PRE_INITIATE_BULK_EXPORT)
	public void recordOwner(BulkExportJobParameters parameters) {
		parameters.setBinarySecurityContextIdentifierSystem(OWNER_SYSTEM);
		parameters.setBinarySecurityContextIdentifierValue(currentOwner().orElse("unauthenticated"));
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void onlyTheOwnerPolls(RequestDetails request) {
		if (!POLL_OPERATION.equals(request.getOperation())) {
			return;
		}
		String[] jobId = request.getParameters().get("_jobId");
		if (jobId == null || jobId.length != 1) {
			return; // HAPI refuses it
		}
		JobInstance job;
		try {
			job = jobs.getInstance(jobId[0]);
		} catch (ResourceNotFoundException unknown) {
			return; // HAPI answers 404 itself
		}
		BulkExportJobParameters parameters = job.getParameters(BulkExportJobParameters.class);
		if (!currentOwner().filter(owner -> owner.equals(parameters.getBinarySecurityContextIdentifierValue())).isPresent()) {
			throw new ResourceNotFoundException("No export job " + jobId[0]);
		}
	}

	@Override
	protected boolean securityContextIdentifierAllowed(String system, String value, RequestDetails request) {
		return OWNER_SYSTEM.equals(system) && currentOwner().filter(value::equals).isPresent();
	}

	private static Optional<String> currentOwner() {
		return SmartPrincipal.current().map(ExportOwnership::ownerOf);
	}

	static String ownerOf(SmartPrincipal principal) {
		return principal.issuer() + " " + principal.subject();
	}
}
