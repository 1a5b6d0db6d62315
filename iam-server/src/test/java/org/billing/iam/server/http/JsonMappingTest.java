package org.billing.iam.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonMappingTest {

    private final ObjectMapper mapper = JsonMapping.objectMapper();

    record SessionView(UUID sessionId, Instant lastActiveAt, LocalDate createdOn, boolean isCurrent) {
    }

    @Test
    void recordsUseSnakeCaseAndIsoTimes() throws Exception {
        SessionView view = new SessionView(UUID.fromString("6f1c1d8e-6a55-4d8c-9a4e-3f3cf0d1b1a2"),
                Instant.parse("2026-03-01T10:15:30.123Z"), LocalDate.parse("2026-03-01"), true);

        String json = mapper.writeValueAsString(view);

        assertThat(json).isEqualTo("{\"session_id\":\"6f1c1d8e-6a55-4d8c-9a4e-3f3cf0d1b1a2\","
                + "\"last_active_at\":\"2026-03-01T10:15:30.123Z\",\"created_on\":\"2026-03-01\",\"is_current\":true}");
    }

    @Test
    void readsSnakeCaseIntoRecords() throws Exception {
        SessionView view = mapper.readValue("{\"session_id\":\"6f1c1d8e-6a55-4d8c-9a4e-3f3cf0d1b1a2\","
                + "\"last_active_at\":\"2026-03-01T10:15:30Z\",\"created_on\":\"2026-03-01\",\"is_current\":false,"
                + "\"unknown\":1}", SessionView.class);

        assertThat(view.lastActiveAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
        assertThat(view.isCurrent()).isFalse();
    }
}
