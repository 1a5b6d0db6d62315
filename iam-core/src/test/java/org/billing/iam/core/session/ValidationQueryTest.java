package org.billing.iam.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.testing.TestIam;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ValidationQueryTest {

    private final TestIam iam = TestIam.start();
    private final SessionService sessions = iam.core().sessions();
    private final ValidationQuery query = new ValidationQuery(iam.db(), Duration.ofSeconds(5));
    private final UUID userId = iam.user().create().userId();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void everyListLengthFindsExactlyTheKnownHashes() {
        List<NewSession> known = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            known.add(sessions.create(userId, TestIam.REQUEST));
        }
        sessions.revoke(userId, known.get(0).sessionId(), TestIam.REQUEST);

        for (int count : new int[] {1, 2, 3, 5, 8, 17, 33, 64}) {
            Set<String> hashes = new LinkedHashSet<>();
            Set<UUID> expected = new LinkedHashSet<>();
            for (int i = 0; i < count; i++) {
                if (i % 2 == 0 && i / 2 < known.size()) {
                    NewSession session = known.get(i / 2);
                    hashes.add(Sha256.hex(session.token()));
                    if (i != 0) {
                        expected.add(session.sessionId());
                    }
                } else {
                    hashes.add(Sha256.hex("unknown-" + count + "-" + i));
                }
            }

            Map<String, ValidationRow> found = query.fetch(hashes);

            assertThat(found.values()).as("%d hashes", count)
                    .extracting(ValidationRow::sessionId)
                    .containsExactlyInAnyOrderElementsOf(expected);
            found.forEach((hash, row) -> assertThat(row.tokenHash()).isEqualTo(hash));
            found.values().forEach(row -> assertThat(row.userId()).isEqualTo(userId));
        }
    }

    @Test
    void rejectsNoHashesAndMoreThanTheLimit() {
        Set<String> tooMany = new LinkedHashSet<>();
        for (int i = 0; i <= ValidationQuery.MAX_HASHES; i++) {
            tooMany.add(Sha256.hex("h" + i));
        }

        assertThatThrownBy(() -> query.fetch(Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> query.fetch(tooMany)).isInstanceOf(IllegalArgumentException.class);
    }
}
