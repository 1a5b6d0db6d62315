package org.billing.iam.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.UUID;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.permission.RequestKind;
import org.billing.iam.core.delegate.ActingContextService;
import org.billing.iam.core.delegate.PhysicianServed;
import org.billing.iam.core.error.ForbiddenException;
import org.billing.iam.core.permission.DelegatePermissions;
import org.billing.iam.core.permission.Role;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.ClientMetadata;
import org.billing.iam.server.http.JsonInput;
import org.billing.iam.server.http.RouteModule;

/**
 * The delegate's side: the physicians it serves, and the choice of the one its session acts
 * for. After a switch, {@code GET /api/v1/auth/context} returns that physician's id, the
 * linkage id and the linkage's current permissions.
 *
 * <p>Only a delegate may call these routes (403 otherwise). A physician the delegate has no
 * active linkage with, and an unknown id, both get the same 403.
 */
public final class DelegateContextRoutes implements RouteModule {

    private final ActingContextService actingContexts;
    private final Authenticator authenticator;

    public DelegateContextRoutes(ActingContextService actingContexts, Authenticator authenticator) {
        this.actingContexts = actingContexts;
        this.authenticator = authenticator;
    }

    /**
     * A physician the delegate serves, with permissions in declaration order.
     *
     * @param current whether the requesting session acts for this physician now
     */
    record ServedView(UUID physicianUserId, String physicianName, UUID linkageId, List<String> permissions,
            boolean canApproveBatches, boolean current) {

        static ServedView of(PhysicianServed served) {
            return new ServedView(served.physicianUserId(), served.physicianName(), served.linkageId(),
                    DelegatePermissions.keys(served.permissions()), served.canApproveBatches(), served.current());
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        // Gating uses the subscription of the physician the session acts for. These routes are
        // allowed at every status, so a delegate can switch away from a suspended physician.
        RequestKind manage = RequestKind.ACCOUNT_MANAGEMENT;
        RouteModule.getAndHead(routes, ApiRoutes.PREFIX + "/delegates/physicians",
                authenticator.require(manage, this::physicians));
        routes.post(ApiRoutes.PREFIX + "/delegates/context", authenticator.require(manage, this::switchContext));
    }

    private void physicians(Context ctx, AuthContext caller) {
        ApiResponses.ok(ctx, actingContexts.physiciansServed(caller).stream().map(ServedView::of).toList());
    }

    private void switchContext(Context ctx, AuthContext caller) {
        // The service checks the role too; checking it first gives other roles a 403 whatever the body.
        if (caller.role() != Role.DELEGATE) {
            throw new ForbiddenException(ActingContextService.DELEGATES_ONLY);
        }
        UUID physicianUserId = DelegateRequests.requiredUuid(JsonInput.parse(ctx), "physician_user_id");

        PhysicianServed served = actingContexts.switchContext(caller, physicianUserId, ClientMetadata.of(ctx));

        ApiResponses.ok(ctx, ServedView.of(served));
    }
}
