package org.billing.iam.server.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.Collections;
import java.util.List;
import org.billing.iam.core.RequestMetadata;

/**
 * The origin of a request (client address and user agent). A before-handler attaches the
 * resolver to every request; the first call of {@link #of(Context)} resolves the metadata and
 * keeps it as a request attribute. Routes that never ask, such as the auth context lookup,
 * skip the address parsing.
 */
public final class ClientMetadata {

    private static final String ATTRIBUTE = ClientMetadata.class.getName();
    private static final String RESOLVER_ATTRIBUTE = ClientAddressResolver.class.getName();

    private ClientMetadata() {
    }

    /** Returns the client address and user agent of the current request. */
    public static RequestMetadata of(Context ctx) {
        RequestMetadata metadata = ctx.attribute(ATTRIBUTE);
        if (metadata != null) {
            return metadata;
        }
        ClientAddressResolver resolver = ctx.attribute(RESOLVER_ATTRIBUTE);
        if (resolver == null) {
            throw new IllegalStateException("Client metadata is resolved only for apps built by HttpApp");
        }
        List<String> forwardedFor = Collections.list(ctx.req().getHeaders(Header.X_FORWARDED_FOR));
        String address = resolver.resolve(ctx.req().getRemoteAddr(), forwardedFor);
        RequestMetadata resolved = new RequestMetadata(address, ctx.header(Header.USER_AGENT));
        ctx.attribute(ATTRIBUTE, resolved);
        return resolved;
    }

    /**
     * Attaches the resolver to the request, so {@link #of(Context)} can resolve the metadata
     * on a handler's first call. {@link RequestMetadata} cuts the user agent to 512 characters.
     */
    static void resolve(Context ctx, ClientAddressResolver resolver) {
        ctx.attribute(RESOLVER_ATTRIBUTE, resolver);
    }
}
