package no.fjord.security.authserver.login;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import no.fjord.security.SecurityProperties.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The people listed in {@code fjord.auth.users}, for development and demonstrations: each logs in with
 * a password and is linked to the FHIR resource that represents them ({@code fhirUser}).
 */
public class BuiltInUsers implements UserDetailsService {

	private final Map<String, User> users;

	public BuiltInUsers(List<User> users) {
		this.users = users.stream().collect(Collectors.toUnmodifiableMap(User::username, Function.identity()));
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		User user = users.get(username);
		if (user == null) {
			throw new UsernameNotFoundException("unknown user");
		}
		return org.springframework.security.core.userdetails.User.withUsername(user.username())
				.password(user.password())
				.roles(user.roles().stream().map(String::toUpperCase).toArray(String[]::new))
				.build();
	}

	public Optional<User> find(String username) {
		return Optional.ofNullable(users.get(username));
	}
}
