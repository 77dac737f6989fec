package no.fjord.security.authserver.tokens;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The style hints a SMART app may use to blend in ({@code smart_style_url}, SMART App Launch 2.2). */
@RestController
public class SmartStyle {

	@GetMapping(SmartTokens.STYLE_PATH)
	Map<String, Object> style() {
		Map<String, Object> style = new LinkedHashMap<>();
		style.put("color_background", "#f4f6f8");
		style.put("color_error", "#a40000");
		style.put("color_highlight", "#0b4f8a");
		style.put("color_modal_backdrop", "");
		style.put("color_success", "#1b7f3b");
		style.put("color_text", "#1b1b1b");
		style.put("dim_border_radius", "8px");
		style.put("dim_font_size", "16px");
		style.put("dim_spacing_size", "16px");
		style.put("font_family_body", "system-ui, sans-serif");
		style.put("font_family_heading", "system-ui, sans-serif");
		return style;
	}
}
