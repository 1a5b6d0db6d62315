package org.billing.iam.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.billing.iam.core.account.AccountRules;
import org.billing.iam.core.permission.RequestKind;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.delegate.InvitationSent;
import org.billing.iam.core.delegate.InvitationService;
import org.billing.iam.core.delegate.PendingInvitation;
import org.billing.iam.core.delegate.PhysicianScope;
import org.billing.iam.core.permission.DelegatePermissions;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.ClientMetadata;
import org.billing.iam.server.http.JsonInput;
import org.billing.iam.server.http.PathParameters;
import org.billing.iam.server.http.RouteModule;

/**
 * A physician's invitations to delegates: send, list, withdraw and resend. An administrator
 * uses the same routes with the {@code physician_user_id} query parameter.
 *
 * <p>No response contains an invitation token; it exists only in the emailed link. An
 * invitation id that is unknown, belongs to another physician, or was accepted or withdrawn
 * gets the same 422 response.
 */
public final class DelegateInvitationRoutes implements RouteModule {

    private final InvitationService invitations;
    private final Authenticator authenticator;

    public DelegateInvitationRoutes(InvitationService invitations, Authenticator authenticator) {
        this.invitations = invitations;
        this.authenticator = authenticator;
    }

    /** An invitation just sent or resent, without its token. */
    record SentView(UUID invitationId, OffsetDateTime expiresAt) {

        static SentView of(InvitationSent sent) {
            return new SentView(sent.invitationId(), sent.expiresAt());
        }
    }

    /** An open invitation as listed to its physician, with permissions in declaration order. */
    record PendingView(UUID invitationId, String email, List<String> permissions, OffsetDateTime expiresAt,
            OffsetDateTime createdAt, boolean expired) {

        static PendingView of(PendingInvitation pending) {
            return new PendingView(pending.invitationId(), pending.email(),
                    DelegatePermissions.keys(pending.permissions()), pending.expiresAt(), pending.createdAt(),
                    pending.expired());
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        String base = ApiRoutes.PREFIX + "/delegates";
        // Listing and withdrawing only show or end access, so they are allowed at every
        // subscription status. Sending an invitation is gated.
        RequestKind manage = RequestKind.ACCOUNT_MANAGEMENT;
        routes.post(base + "/invite", authenticator.require(this::invite));
        RouteModule.getAndHead(routes, base + "/invitations", authenticator.require(manage, this::list));
        routes.delete(base + "/invitations/{invitation_id}", authenticator.require(manage, this::withdraw));
        routes.post(base + "/invitations/{invitation_id}/resend", authenticator.require(this::resend));
    }

    private void invite(Context ctx, AuthContext caller) {
        PhysicianScope scope = DelegateRequests.scope(ctx, caller);
        JsonInput input = JsonInput.parse(ctx);
        String email = input.requiredString("email", AccountRules.MAX_EMAIL_LENGTH);
        List<String> permissions = DelegateRequests.permissions(input);
        Boolean canApproveBatches = DelegateRequests.canApproveBatches(input);

        InvitationSent sent = invitations.invite(scope, email, permissions, canApproveBatches, ClientMetadata.of(ctx));

        ApiResponses.created(ctx, SentView.of(sent));
    }

    private void list(Context ctx, AuthContext caller) {
        PhysicianScope scope = DelegateRequests.scope(ctx, caller);
        ApiResponses.ok(ctx, invitations.listPending(scope).stream().map(PendingView::of).toList());
    }

    private void withdraw(Context ctx, AuthContext caller) {
        PhysicianScope scope = DelegateRequests.scope(ctx, caller);
        UUID invitationId = PathParameters.uuid(ctx, "invitation_id");

        invitations.withdraw(scope, invitationId, ClientMetadata.of(ctx));

        ApiResponses.noContent(ctx);
    }

    /** Sends a new link that expires 72 hours from now, and the previous link stops working. */
    private void resend(Context ctx, AuthContext caller) {
        PhysicianScope scope = DelegateRequests.scope(ctx, caller);
        UUID invitationId = PathParameters.uuid(ctx, "invitation_id");

        InvitationSent sent = invitations.resend(scope, invitationId, ClientMetadata.of(ctx));

        ApiResponses.ok(ctx, SentView.of(sent));
    }
}
