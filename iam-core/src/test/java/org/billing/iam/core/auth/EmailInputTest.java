package org.billing.iam.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;

import java.util.List;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.testing.TestIam;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Emails typed at sign-in and at a reset request that no account could have. */
class EmailInputTest {

    private final TestIam iam = TestIam.start(2);

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void controlCharactersRejectedAsInvalidEmail() {
        for (String email : List.of("dr\u0000@example.org", "dr@example.org\u0000", "dr\u0007@example.org")) {
            assertInvalidEmail(() -> iam.core().login().login(email, "Correct-Horse-42", TestIam.REQUEST));
            assertInvalidEmail(() -> iam.core().lifecycle().passwordReset().requestReset(email, TestIam.REQUEST));
        }
        assertThat(iam.db().fetchCount(AUDIT_LOG)).isZero();
    }

    @Test
    void overlongEmailRejectedWithoutAuditRow() {
        String email = "a".repeat(100_000) + "@example.org";

        assertInvalidEmail(() -> iam.core().login().login(email, "Correct-Horse-42", TestIam.REQUEST));
        assertInvalidEmail(() -> iam.core().lifecycle().passwordReset().requestReset(email, TestIam.REQUEST));

        assertThat(iam.db().fetchCount(AUDIT_LOG)).isZero();
    }

    @Test
    void passwordTypedAsEmailNotAudited() {
        String typed = "Summer-Holiday-2026!";

        assertThatThrownBy(() -> iam.core().login().login(typed, "anything", TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(LoginService.INVALID_CREDENTIALS);
        iam.core().lifecycle().passwordReset().requestReset(typed, TestIam.REQUEST);

        List<JSONB> details = iam.db().select(AUDIT_LOG.DETAIL).from(AUDIT_LOG).fetch(AUDIT_LOG.DETAIL);
        assertThat(details).hasSize(2);
        for (JSONB detail : details) {
            assertThat(detail.data()).doesNotContainIgnoringCase(typed);
            assertThat(detail.data()).contains("unknown_email");
        }
    }

    @Test
    void unknownValidEmailStillAudited() {
        assertThatThrownBy(() -> iam.core().login().login("Nobody@Example.org ", "anything", TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class);

        String detail = iam.db().select(AUDIT_LOG.DETAIL).from(AUDIT_LOG).fetchSingle().value1().data();
        assertThat(detail).contains("nobody@example.org");
    }

    private static void assertInvalidEmail(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("email");
    }
}
