package io.bucketbrigade.ops;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP access: {@code /actuator/health} is always open (load balancers and the run script poll it); everything
 * else (the ops API, Hawtio, Jolokia, metrics) needs the ops user over HTTP Basic, unless
 * {@code brigade.ops.authentication} is off (the {@code local} profile).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain opsSecurity(HttpSecurity http, OpsProperties ops) throws Exception {
        ops.requireCredentialsIfAuthenticating();
        // the ops API is called by scripts and curl, not by browser forms: no CSRF tokens
        http.csrf(csrf -> csrf.disable());
        http.headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()));
        if (!ops.authentication()) {
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            return http.build();
        }
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                .anyRequest().authenticated());
        http.httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService opsUsers(OpsProperties ops) {
        if (!ops.hasCredentials()) {
            return new InMemoryUserDetailsManager();
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(ops.user())
                .password(encoder.encode(ops.password()))
                .roles("OPS")
                .build());
    }
}
