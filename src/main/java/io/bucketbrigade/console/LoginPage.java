package io.bucketbrigade.console;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The login form, and the page of an action the user's role may not take. */
@Controller
class LoginPage {

    @GetMapping("/login")
    String login() {
        return "console/login";
    }

    @RequestMapping("/denied")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String denied(Model model) {
        model.addAttribute("status", 403);
        model.addAttribute("message", "Only the ops role may do this. You are logged in as a viewer: you can read"
                + " every page, but approvals, retractions, re-drives, jobs and route changes need an ops user."
                + " Nothing was changed.");
        return "console/problem";
    }
}
