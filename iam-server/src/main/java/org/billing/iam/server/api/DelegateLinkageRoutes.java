package org.billing.iam.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.permission.RequestKind;
import org.billing.iam.core.delegate.DelegateSummary;
import org.billing.iam.core.delegate.LinkageService;
import org.billing.iam.core.delegate.PhysicianScope;
import org.billing.iam.core.permission.DelegatePermissions;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.ClientMetadata;
import org.billing.iam.server.http.JsonInput;
import org.billing.iam.server.http.PathParameters;
import org.billing.iam.server.http.RouteModule;

/**
 * A physician's delegates: list them, change their permissions, remove them. An
 * administrator uses the same routes with the {@code physician_user_id} query parameter.
 *
 * <p>A linkage id that is unknown or belongs to another physician gets the same 422 response.
 * Changes apply to the delegate's next request, because session validation reads the
 * linkage every time.
 */
public final class DelegateLinkageRoutes implements RouteModule {

    /** Status of a linkage that grants access. */
    static final String ACTIVE = "active";
    /** Status of a linkage the physician removed. Accepting a new invitation re-activates it. */
    static final String REMOVED = "removed";

    private final LinkageService linkages;
    private final Authenticator authenticator;

    public DelegateLinkageRoutes(LinkageService linkages, Authenticator authenticator) {
        this.linkages = linkages;
        this.authenticator = authenticator;
    }

    /**
     * One delegate as listed to its physician.
     *
     * @param lastSignInAt creation time of the delegate's latest session, or null
     * @param status {@value #ACTIVE} or {@value #REMOVED}
     */
    record DelegateView(UUID linkageId, UUID delegateUserId, String fullName, String email,
            List<String> permissions, boolean canApproveBatches, OffsetDateTime lastSignInAt, String status) {

        static DelegateView of(DelegateSummary delegate) {
            return new DelegateView(delegate.linkageId(), delegate.delegateUserId(), delegate.fullName(),
                    delegate.email(), DelegatePermissions.keys(delegate.permissions()), delegate.canApproveBatches(),
                    delegate.lastSignInAt(), delegate.active() ? ACTIVE : REMOVED);
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        String base = ApiRoutes.PREFIX + "/delegates";
        // Listing and removing only show or end access, so they are allowed at every subscription
        // status and a physician can always cut off a delegate. A permission change is gated.
        RequestKind manage = RequestKind.ACCOUNT_MANAGEMENT;
        RouteModule.getAndHead(routes, base, authenticator.require(manage, this::list));
        routes.patch(base + "/{linkage_id}/permissions", authenticator.require(this::updatePermissions));
        routes.delete(base + "/{linkage_id}", authenticator.require(manage, this::remove));
    }

    private void list(Context ctx, AuthContext caller) {
        PhysicianScope scope = DelegateRequests.scope(ctx, caller);
        ApiResponses.ok(ctx, linkages.listDelegates(scope).stream().map(DelegateView::of).toList());
    }

    private void updatePermissions(Context ctx, AuthContext caller) {
        PhysicianScope scope = DelegateRequests.scope(ctx, caller);
        UUID linkageId = PathParameters.uuid(ctx, "linkage_id");
        JsonInput input = JsonInput.parse(ctx);
        List<String> permissions = DelegateRequests.permissions(input);
        Boolean canApproveBatches = DelegateRequests.canApproveBatches(input);

        linkages.updatePermissions(scope, linkageId, permissions, canApproveBatches, ClientMetadata.of(ctx));

        ApiResponses.noContent(ctx);
    }

    /** Deactivates the linkage and signs the delegate out of every session. */
    private void remove(Context ctx, AuthContext caller) {
        PhysicianScope scope = DelegateRequests.scope(ctx, caller);
        UUID linkageId = PathParameters.uuid(ctx, "linkage_id");

        linkages.remove(scope, linkageId, ClientMetadata.of(ctx));

        ApiResponses.noContent(ctx);
    }
}
