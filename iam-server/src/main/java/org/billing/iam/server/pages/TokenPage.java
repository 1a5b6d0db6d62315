package org.billing.iam.server.pages;

import java.util.List;

/**
 * One page that an email link opens. The page shows what will happen and, when the user
 * presses the button, its script POSTs the token from the link, plus the form fields, as
 * JSON to {@code endpoint}.
 *
 * @param path page path, the link target
 * @param title heading and document title
 * @param explanation paragraph that explains what the button does
 * @param button button label
 * @param endpoint API path the script POSTs to
 * @param success message shown after a 2xx response
 * @param fields form fields, sent under their names unless local-only
 */
record TokenPage(String path, String title, String explanation, String button, String endpoint, String success,
        List<Field> fields) {

    /**
     * A form input.
     *
     * @param name JSON property name, and the input's name
     * @param label visible label
     * @param type input type, {@code text} or {@code password}
     * @param autocomplete autocomplete hint for password managers
     * @param required whether the browser insists on a value
     * @param maxLength maximum length in characters
     * @param confirms name of the field this one repeats; such a field is checked in the browser and never sent
     */
    record Field(String name, String label, String type, String autocomplete, boolean required, int maxLength,
            String confirms) {
    }

    /** Renders the full page. Every text is escaped, although none comes from the request. */
    String render() {
        StringBuilder inputs = new StringBuilder();
        for (Field field : fields) {
            inputs.append("      <label>").append(Html.escape(field.label()))
                    .append("\n        <input name=\"").append(Html.escape(field.name()))
                    .append("\" type=\"").append(Html.escape(field.type()))
                    .append("\" autocomplete=\"").append(Html.escape(field.autocomplete()))
                    .append("\" maxlength=\"").append(field.maxLength()).append('"')
                    .append(field.required() ? " required" : "")
                    .append(field.confirms() == null ? "" : " data-confirms=\"" + Html.escape(field.confirms()) + "\"")
                    .append(">\n      </label>\n");
        }
        return shell(title, """
                    <p>%s</p>
                    <form id="token-form" method="post" data-endpoint="%s" data-success="%s">
                %s      <button type="submit">%s</button>
                    </form>
                    <noscript><p class="status error">This page needs JavaScript to send the request.</p></noscript>
                """.formatted(Html.escape(explanation), Html.escape(endpoint), Html.escape(success), inputs,
                Html.escape(button)));
    }

    /** Renders the page shown when the link has no usable token. */
    static String renderIncompleteLink() {
        return shell("Incomplete link", """
                    <p class="status error">This link is incomplete. Open the link in the email again,
                    or copy the whole address into the browser.</p>
                """);
    }

    private static String shell(String title, String main) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <meta name="referrer" content="no-referrer">
                  <title>%s</title>
                  <link rel="stylesheet" href="/assets/pages.css">
                  <script src="/assets/token-page.js" defer></script>
                </head>
                <body>
                  <main>
                    <h1>%s</h1>
                %s    <p id="status" class="status" role="status" aria-live="polite"></p>
                  </main>
                </body>
                </html>
                """.formatted(Html.escape(title), Html.escape(title), main);
    }
}
