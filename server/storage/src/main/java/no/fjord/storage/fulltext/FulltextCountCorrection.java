package no.fjord.storage.fulltext;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.dao.IResultIterator;
import ca.uhn.fhir.jpa.dao.ISearchBuilder;
import ca.uhn.fhir.jpa.model.search.SearchRuntimeDetails;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Set;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes counts of full-text searches that have other parameters equal the search's result size.
 * HAPI counts such a search ({@code _summary=count}, {@code _total=accurate}) in the full-text index
 * alone, which knows only {@code _content} and {@code _text}: {@code Observation?_content=x&code=y}
 * counted every Observation mentioning x. Its result pages are right: they are found in the index,
 * then narrowed in the database. This counts by running that same query.
 *
 * <p>HAPI makes a search builder per search (a prototype bean); each one is wrapped as it is made.
 */
public final class FulltextCountCorrection implements BeanPostProcessor {

	private static final Set<String> INDEX_ONLY_PARAMETERS = Set.of(Constants.PARAM_CONTENT, Constants.PARAM_TEXT);

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ISearchBuilder<?> builder && ISearchBuilder.SEARCH_BUILDER_BEAN_NAME.equals(beanName)) {
			return Proxy.newProxyInstance(ISearchBuilder.class.getClassLoader(), new Class<?>[] {ISearchBuilder.class},
					new CountingHandler(builder));
		}
		return bean;
	}

	/** Whether HAPI would count this search in the index although the database must narrow it. */
	static boolean needsDatabaseCount(SearchParameterMap params) {
		boolean usesIndex = INDEX_ONLY_PARAMETERS.stream().anyMatch(params::containsKey);
		boolean narrowedElsewhere = params.keySet().stream().anyMatch(name -> !INDEX_ONLY_PARAMETERS.contains(name))
				|| params.getLastUpdated() != null || params.getNearDistanceParam() != null;
		return usesIndex && narrowedElsewhere;
	}

	private record CountingHandler(ISearchBuilder<?> target) implements InvocationHandler {

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			if (method.getName().equals("createCountQuery") && args[0] instanceof SearchParameterMap params
					&& needsDatabaseCount(params)) {
				return countByQuery(params, (String) args[1], (RequestDetails) args[2], (RequestPartitionId) args[3]);
			}
			try {
				return method.invoke(target, args);
			} catch (InvocationTargetException e) {
				throw e.getCause();
			}
		}

		private Long countByQuery(SearchParameterMap params, String searchUuid, RequestDetails request,
				RequestPartitionId partition) {
			SearchParameterMap all = params.clone();
			all.setCount(null);
			all.setOffset(null);
			all.setLoadSynchronousUpTo(null);
			long count = 0;
			try (IResultIterator<?> matches = target.createQuery(all, new SearchRuntimeDetails(request, searchUuid),
					request, partition)) {
				while (matches.hasNext()) {
					matches.next();
					count++;
				}
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			} finally {
				// The builder remembers what it returned so as not to return it twice; the count must not
				// hide those matches from a page query run on the same builder afterwards.
				target.setPreviouslyAddedResourcePids(new ArrayList<>());
			}
			return count;
		}
	}
}
