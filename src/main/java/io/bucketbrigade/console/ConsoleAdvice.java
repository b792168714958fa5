package io.bucketbrigade.console;

import java.security.Principal;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.ops.OpsProperties;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ResponseStatusException;

/**
 * What every console page knows: who is logged in, whether they may act (the ops role, or anyone where
 * authentication is off), the environment; and a refused request as a page with its reason.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
class ConsoleAdvice {

    private final OpsProperties ops;
    private final BrigadeProperties names;

    ConsoleAdvice(OpsProperties ops, BrigadeProperties names) {
        this.ops = ops;
        this.names = names;
    }

    @ModelAttribute
    void common(Model model, Authentication user) {
        model.addAttribute("env", names.env());
        model.addAttribute("who", user == null || !user.isAuthenticated() ? null : user.getName());
        model.addAttribute("canAct", mayAct(user));
        model.addAttribute("authentication", ops.authentication());
    }

    private boolean mayAct(Authentication user) {
        return !ops.authentication() || user != null && user.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).anyMatch("ROLE_OPS"::equals);
    }

    @ExceptionHandler(ResponseStatusException.class)
    String refused(ResponseStatusException e, Model model, HttpServletResponse response, Principal user) {
        common(model, user instanceof Authentication authentication ? authentication : null);
        response.setStatus(e.getStatusCode().value());
        model.addAttribute("status", e.getStatusCode().value());
        model.addAttribute("message", e.getReason());
        return "console/problem";
    }
}
