package no.fjord.common.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/** The original request, with its body replayed from memory. */
final class BufferedBodyRequest extends HttpServletRequestWrapper {
	private final byte[] body;
	private final boolean expanded;
	private Map<String, String[]> formParameters;

	BufferedBodyRequest(HttpServletRequest request, byte[] body, boolean expanded) {
		super(request);
		this.body = body;
		this.expanded = expanded;
	}

	/**
	 * The parameters of the URL and, for a form post, of the body, which the container can no longer
	 * read from the stream this request has consumed.
	 */
	@Override
	public Map<String, String[]> getParameterMap() {
		if (!RequestBodyGuardFilter.isUrlEncodedForm(getContentType())) {
			return super.getParameterMap();
		}
		if (formParameters == null) {
			formParameters = FormParameters.parse(getQueryString(), body);
		}
		return formParameters;
	}

	@Override
	public String getParameter(String name) {
		String[] values = getParameterMap().get(name);
		return values == null || values.length == 0 ? null : values[0];
	}

	@Override
	public String[] getParameterValues(String name) {
		String[] values = getParameterMap().get(name);
		return values == null ? null : values.clone();
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(getParameterMap().keySet());
	}

	/** An expanded gzip body no longer has a Content-Encoding: nobody may expand it again. */
	@Override
	public String getHeader(String name) {
		return expanded && HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name) ? null : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		return expanded && HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name)
				? Collections.emptyEnumeration()
				: super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		if (!expanded) {
			return super.getHeaderNames();
		}
		List<String> names = Collections.list(super.getHeaderNames());
		names.removeIf(HttpHeaders.CONTENT_ENCODING::equalsIgnoreCase);
		return Collections.enumeration(names);
	}

	@Override
	public int getContentLength() {
		return body.length;
	}

	@Override
	public long getContentLengthLong() {
		return body.length;
	}

	@Override
	public ServletInputStream getInputStream() {
		ByteArrayInputStream in = new ByteArrayInputStream(body);
		return new ServletInputStream() {
			@Override
			public int read() {
				return in.read();
			}

			@Override
			public int read(byte[] b, int off, int len) {
				return in.read(b, off, len);
			}

			@Override
			public boolean isFinished() {
				return in.available() == 0;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new IllegalStateException("Fjord reads request bodies synchronously");
			}
		};
	}

	@Override
	public BufferedReader getReader() {
		String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
		return new BufferedReader(new InputStreamReader(getInputStream(), Charset.forName(encoding)));
	}
}
