package org.billing.iam.server.pages;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.billing.iam.server.http.RouteModule;

/**
 * The pages that email links open: email verification, password reset and delegate
 * invitation. GET and HEAD only render a page and never consume the token, because mail
 * scanners and link previews fetch links before the recipient does. The token is used only
 * when the user presses the button, which POSTs it to the API.
 */
public final class TokenPages implements RouteModule {

    /** Maximum token length accepted in a link; real tokens are UUIDs or 64 hex characters. */
    static final int MAX_TOKEN_LENGTH = 128;

    static final TokenPage VERIFY_EMAIL = new TokenPage("/verify-email",
            "Verify your email address",
            "Press the button to confirm that this email address belongs to you.",
            "Verify email address", "/api/v1/auth/verify-email",
            "Your email address is verified. You can now sign in.", List.of());

    static final TokenPage RESET_PASSWORD = new TokenPage("/reset-password",
            "Choose a new password",
            "Enter a new password of at least 12 characters with an upper-case letter, a lower-case letter,"
                    + " a digit and a special character. Setting it signs out all your sessions.",
            "Set new password", "/api/v1/auth/password/reset",
            "Your password is changed. Sign in with the new password.",
            List.of(new TokenPage.Field("new_password", "New password", "password", "new-password", true, 256, null),
                    new TokenPage.Field("confirm_password", "Repeat the new password", "password", "new-password",
                            true, 256, "new_password")));

    static final TokenPage ACCEPT_INVITATION = new TokenPage("/delegates/accept",
            "Accept the invitation",
            "A physician invited you to work on their behalf. If you already have an account for this email"
                    + " address, press the button. If you are new, enter your full name and choose a password first.",
            "Accept invitation", "/api/v1/delegates/accept",
            "The invitation is accepted. You can now sign in.",
            List.of(new TokenPage.Field("full_name", "Full name (new accounts only)", "text", "name", false, 200, null),
                    new TokenPage.Field("password", "Password (new accounts only)", "password", "new-password",
                            false, 256, null)));

    private static final List<TokenPage> PAGES = List.of(VERIFY_EMAIL, RESET_PASSWORD, ACCEPT_INVITATION);

    @Override
    public void register(RoutesConfig routes) {
        for (TokenPage page : PAGES) {
            String html = page.render();
            RouteModule.getAndHead(routes, page.path(), ctx -> renderPage(ctx, html));
        }
        String script = resource("/pages/token-page.js");
        String styles = resource("/pages/pages.css");
        RouteModule.getAndHead(routes, "/assets/token-page.js", ctx -> asset(ctx, "text/javascript; charset=utf-8", script));
        RouteModule.getAndHead(routes, "/assets/pages.css", ctx -> asset(ctx, "text/css; charset=utf-8", styles));
    }

    private static void renderPage(Context ctx, String html) {
        String token = ctx.queryParam("token");
        // The token itself is neither validated nor echoed here; only its presence and size are checked.
        boolean usable = token != null && !token.isBlank() && token.length() <= MAX_TOKEN_LENGTH;
        ctx.header(Header.CACHE_CONTROL, "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.status(usable ? 200 : 400).html(usable ? html : TokenPage.renderIncompleteLink());
    }

    private static void asset(Context ctx, String contentType, String body) {
        ctx.header(Header.CACHE_CONTROL, "no-cache");
        ctx.contentType(contentType).result(body);
    }

    private static String resource(String name) {
        try (InputStream in = TokenPages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing class path resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read class path resource " + name, e);
        }
    }
}
