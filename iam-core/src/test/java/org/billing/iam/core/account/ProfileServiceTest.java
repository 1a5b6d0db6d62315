package org.billing.iam.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.USERS;

import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProfileServiceTest {

    private final TestIam iam = TestIam.start(4);
    private final ProfileService profile = iam.core().lifecycle().profile();
    private final TestUser user = iam.user().email("dr.profile@example.org").create();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void updateChangesBothFields() {
        profile.updateProfile(user.userId(), "  Dr Jane Roe ", "+1 (555) 010-2000", TestIam.REQUEST);

        assertThat(stored().getFullName()).isEqualTo("Dr Jane Roe");
        assertThat(stored().getPhone()).isEqualTo("+1 (555) 010-2000");
        assertThat(auditDetail("account.updated")).isEqualTo("{\"fields\": [\"full_name\", \"phone\"]}");
    }

    @Test
    void nullFieldLeftUnchanged() {
        profile.updateProfile(user.userId(), null, "5550102000", TestIam.REQUEST);
        profile.updateProfile(user.userId(), "Dr New Name", null, TestIam.REQUEST);

        assertThat(stored().getFullName()).isEqualTo("Dr New Name");
        assertThat(stored().getPhone()).isEqualTo("5550102000");
    }

    @Test
    void blankPhoneRemovesNumber() {
        profile.updateProfile(user.userId(), null, "5550102000", TestIam.REQUEST);

        profile.updateProfile(user.userId(), null, " ", TestIam.REQUEST);

        assertThat(stored().getPhone()).isNull();
    }

    @Test
    void invalidFieldsRejected() {
        assertThatThrownBy(() -> profile.updateProfile(user.userId(), " ", null, TestIam.REQUEST))
                .isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("full_name");
        assertThatThrownBy(() -> profile.updateProfile(user.userId(), null, "call me", TestIam.REQUEST))
                .isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("phone");
        assertThatThrownBy(() -> profile.updateProfile(user.userId(), null, null, TestIam.REQUEST))
                .isInstanceOf(ValidationException.class);
        assertThat(stored().getFullName()).isEqualTo("Test User");
    }

    @Test
    void deactivatedAccountCannotUpdate() {
        iam.db().update(USERS).set(USERS.IS_ACTIVE, false).execute();

        assertThatThrownBy(() -> profile.updateProfile(user.userId(), "Dr X", null, TestIam.REQUEST))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void secondaryEmailStoredCanonical() {
        profile.setSecondaryEmail(user.userId(), " Office@Clinic.Example ", TestIam.REQUEST);

        assertThat(stored().getSecondaryEmail()).isEqualTo("office@clinic.example");
        assertThat(auditDetail("account.secondary_email_updated")).isEqualTo("{\"result\": \"set\"}");
    }

    @Test
    void secondaryEmailRemovedWithNull() {
        profile.setSecondaryEmail(user.userId(), "office@clinic.example", TestIam.REQUEST);

        profile.setSecondaryEmail(user.userId(), null, TestIam.REQUEST);

        assertThat(stored().getSecondaryEmail()).isNull();
    }

    @Test
    void secondaryEqualToPrimaryRejected() {
        assertThatThrownBy(() -> profile.setSecondaryEmail(user.userId(), "DR.PROFILE@example.org", TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(ProfileService.SECONDARY_EQUALS_PRIMARY);
        assertThat(stored().getSecondaryEmail()).isNull();
    }

    @Test
    void invalidSecondaryEmailRejected() {
        String tooLong = "a".repeat(90) + "@example.org";

        assertThatThrownBy(() -> profile.setSecondaryEmail(user.userId(), tooLong, TestIam.REQUEST))
                .isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("secondary_email");
        assertThatThrownBy(() -> profile.setSecondaryEmail(user.userId(), "not-an-email", TestIam.REQUEST))
                .isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("secondary_email");
        assertThatThrownBy(() -> profile.setSecondaryEmail(user.userId(), "a".repeat(300), TestIam.REQUEST))
                .isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("secondary_email");
        assertThatThrownBy(() -> profile.setSecondaryEmail(user.userId(), "dr\u0000@example.org", TestIam.REQUEST))
                .isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("secondary_email");
    }

    private UsersRecord stored() {
        return iam.db().selectFrom(USERS).where(USERS.USER_ID.eq(user.userId())).fetchSingle();
    }

    private String auditDetail(String action) {
        return iam.db().select(AUDIT_LOG.DETAIL).from(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq(action))
                .fetchSingle().value1().data();
    }
}
