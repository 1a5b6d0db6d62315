package org.billing.iam.core.mfa;

import java.util.List;

/**
 * Recovery codes just issued, in display form, shown to the user this once only.
 *
 * @param codes ten codes, {@code XXXX-XXXX}
 */
public record NewRecoveryCodes(List<String> codes) {

    public NewRecoveryCodes {
        codes = List.copyOf(codes);
    }

    /** Returns a description without the codes. */
    @Override
    public String toString() {
        return "NewRecoveryCodes[count=" + codes.size() + "]";
    }
}
