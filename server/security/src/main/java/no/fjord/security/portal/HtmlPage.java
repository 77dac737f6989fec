package no.fjord.security.portal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/**
 * The frame of Fjord's few server-rendered pages (login, consent, patient picker, and the portal pages
 * of other modules such as the patient's access log): plain HTML that
 * works without JavaScript, with the page language set, labelled fields and errors announced to screen
 * readers. Norwegian Bokmål unless the browser prefers English ({@code ?lang=en|nb} overrides).
 */
public final class HtmlPage {

	private HtmlPage() {}

	public static boolean english(HttpServletRequest request) {
		String lang = request.getParameter("lang");
		if (lang != null) {
			return lang.startsWith("en");
		}
		for (Locale locale : java.util.Collections.list(request.getLocales())) {
			String language = locale.getLanguage();
			if (language.equals("nb") || language.equals("no") || language.equals("nn")) {
				return false;
			}
			if (language.equals("en")) {
				return true;
			}
		}
		return false;
	}

	public static String text(HttpServletRequest request, String norwegian, String english) {
		return english(request) ? english : norwegian;
	}

	public static String escape(String text) {
		return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
	}

	public static String csrfField(HttpServletRequest request) {
		CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
		return token == null ? ""
				: "<input type=\"hidden\" name=\"" + escape(token.getParameterName()) + "\" value=\""
						+ escape(token.getToken()) + "\">";
	}

	public static ResponseEntity<String> render(HttpServletRequest request, String title, String body) {
		String html = "<!DOCTYPE html>\n<html lang=\"" + (english(request) ? "en" : "nb") + "\">\n<head>\n"
				+ "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
				+ "<title>" + escape(title) + " – Fjord</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n"
				+ "<main>\n<h1>" + escape(title) + "</h1>\n" + body + "\n</main>\n</body>\n</html>\n";
		return ResponseEntity.ok()
				.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
				.header("Cache-Control", "no-store")
				.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; frame-ancestors 'none'")
				.body(html);
	}

	private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1b1b}"
			+ "main{max-width:32rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px}"
			+ "label{display:block;margin-top:1rem;font-weight:600}"
			+ "input[type=text],input[type=password],input[type=search]{width:100%;padding:.6rem;font-size:1rem;box-sizing:border-box}"
			+ "button{margin-top:1.5rem;padding:.7rem 1.4rem;font-size:1rem;background:#0b4f8a;color:#fff;border:0;border-radius:4px}"
			+ "button.secondary{background:#fff;color:#0b4f8a;border:1px solid #0b4f8a}"
			+ "a.button{display:inline-block;padding:.7rem 1.4rem;background:#0b4f8a;color:#fff;border-radius:4px;text-decoration:none}"
			+ ".error{color:#a40000;font-weight:600}fieldset{border:0;padding:0;margin-top:1rem}legend{font-weight:600}"
			+ "ul{list-style:none;padding-left:0}li{margin:.5rem 0}"
			+ ":focus{outline:3px solid #ffbf47}";
}
