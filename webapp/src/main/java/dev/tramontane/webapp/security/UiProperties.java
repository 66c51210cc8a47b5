package dev.tramontane.webapp.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * UI login under {@code tramontane.ui.*}: no password (the default) means no login — the app is
 * then meant for the one person at the machine, and {@code server.address} binds it to localhost.
 *
 * @param username the single user's name on the login form
 * @param password the password (environment {@code TRAMONTANE_UI_PASSWORD}); set it before exposing the UI
 */
@ConfigurationProperties("tramontane.ui")
public record UiProperties(@DefaultValue("tramontane") String username, String password) {

    public boolean loginRequired() {
        return password != null && !password.isBlank();
    }
}
