package io.bucketbrigade.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * HTTP access, for two roles: {@code OPS} may do everything, {@code VIEWER} may only read (the console's pages and
 * GET on the ops API). {@code /actuator/health} is always open (load balancers and the run script poll it). Unless
 * {@code brigade.ops.authentication} is off (the {@code local} profile), everything else needs a user:
 * <ul>
 * <li>the ops API, Hawtio, Jolokia and metrics over HTTP Basic, with no session: they are called by scripts and
 * curl, not by browser forms, so no CSRF token;</li>
 * <li>the console ({@code /}) by a login form and a session cookie, every form with a CSRF token.</li>
 * </ul>
 * Both know the same users: the ops user, and an optional viewer.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String OPS = "OPS";
    static final String VIEWER = "VIEWER";

    /** The paths of the ops API and of the tools served beside it. */
    private static final String[] API = {"/api/**", "/actuator/**", "/v3/api-docs/**", "/swagger-ui/**",
            "/swagger-ui.html"};

    @Bean
    @Order(1)
    SecurityFilterChain opsSecurity(HttpSecurity http, OpsProperties ops) throws Exception {
        ops.requireCredentialsIfAuthenticating();
        // matched on the request's path, whichever servlet serves it (Jolokia and Hawtio are not Spring MVC's)
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(Arrays.stream(API).map(paths::matcher)
                .map(RequestMatcher.class::cast).toList()));
        http.csrf(csrf -> csrf.disable());
        http.headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()));
        http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (!ops.authentication()) {
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            return http.build();
        }
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                .requestMatchers(paths.matcher(HttpMethod.GET, "/api/**")).hasRole(VIEWER)
                .anyRequest().hasRole(OPS));
        http.httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain consoleSecurity(HttpSecurity http, OpsProperties ops) throws Exception {
        http.headers(headers -> headers.frameOptions(frame -> frame.deny()));
        // the token is made before the page is written: a form far down a long page would otherwise need a session
        // once the response is already on its way
        XorCsrfTokenRequestAttributeHandler tokens = new XorCsrfTokenRequestAttributeHandler();
        tokens.setCsrfRequestAttributeName(null);
        http.csrf(csrf -> csrf.csrfTokenRequestHandler(tokens));
        http.exceptionHandling(errors -> errors.accessDeniedPage("/denied"));
        if (!ops.authentication()) {
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            return http.build();
        }
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers("/login", "/webjars/**", "/console.css", "/favicon.ico", "/error").permitAll()
                .requestMatchers(HttpMethod.GET, "/**").hasRole(VIEWER)
                .requestMatchers("/denied").hasRole(VIEWER)
                .anyRequest().hasRole(OPS));
        http.formLogin(login -> login.loginPage("/login").permitAll());
        http.logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        return http.build();
    }

    /** An ops user may do all a viewer may. */
    @Bean
    static RoleHierarchy roles() {
        return RoleHierarchyImpl.withDefaultRolePrefix().role(OPS).implies(VIEWER).build();
    }

    @Bean
    UserDetailsService opsUsers(OpsProperties ops) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<UserDetails> users = new ArrayList<>();
        if (ops.hasCredentials()) {
            users.add(User.withUsername(ops.user()).password(encoder.encode(ops.password())).roles(OPS).build());
        }
        if (ops.viewer().configured()) {
            users.add(User.withUsername(ops.viewer().user()).password(encoder.encode(ops.viewer().password()))
                    .roles(VIEWER).build());
        }
        return new InMemoryUserDetailsManager(users);
    }
}
