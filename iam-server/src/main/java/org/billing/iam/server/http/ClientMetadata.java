package org.billing.iam.server.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.Collections;
import java.util.List;
import org.billing.iam.core.RequestMetadata;

/**
 * The origin of a request (client address and user agent), resolved once per request by a
 * before-handler and kept as a request attribute. Handlers read it with {@link #of(Context)}.
 */
public final class ClientMetadata {

    private static final String ATTRIBUTE = ClientMetadata.class.getName();

    private ClientMetadata() {
    }

    /** Returns the client address and user agent of the current request. */
    public static RequestMetadata of(Context ctx) {
        RequestMetadata metadata = ctx.attribute(ATTRIBUTE);
        if (metadata == null) {
            throw new IllegalStateException("Client metadata is resolved only for apps built by HttpApp");
        }
        return metadata;
    }

    /** Resolves and stores the metadata; {@link RequestMetadata} cuts the user agent to 512 characters. */
    static void resolve(Context ctx, ClientAddressResolver resolver) {
        List<String> forwardedFor = Collections.list(ctx.req().getHeaders(Header.X_FORWARDED_FOR));
        String address = resolver.resolve(ctx.req().getRemoteAddr(), forwardedFor);
        ctx.attribute(ATTRIBUTE, new RequestMetadata(address, ctx.header(Header.USER_AGENT)));
    }
}
