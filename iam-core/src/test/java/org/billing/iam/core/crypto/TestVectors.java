package org.billing.iam.core.crypto;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * Known-answer vectors made by the previous system and independent tools. The file is read at
 * test time from the path in the system property {@value #PROPERTY}, which iam-core's surefire
 * configuration sets, so a replacement file with other values is tested the same way.
 */
final class TestVectors {

    static final String PROPERTY = "vectors.file";

    private static JsonNode root;

    private TestVectors() {
    }

    /** Returns the parsed file, failing the test with the path when it is missing or unreadable. */
    static synchronized JsonNode root() {
        if (root == null) {
            root = load();
        }
        return root;
    }

    /** Returns the entries of the array at {@code path}, failing when it is missing or empty. */
    static List<JsonNode> entries(String... path) {
        JsonNode node = root();
        for (String field : path) {
            node = node.path(field);
        }
        if (!node.isArray() || node.isEmpty()) {
            fail("Vector file has no entries at " + String.join(".", path));
        }
        List<JsonNode> entries = new ArrayList<>();
        node.forEach(entries::add);
        return entries;
    }

    /** Returns a required text field of an entry. */
    static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual()) {
            fail("Vector entry " + entry.path("id").asText("(no id)") + " has no text field " + field);
        }
        return value.asText();
    }

    /** Returns a required integer field of an entry. */
    static long number(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || !value.canConvertToLong()) {
            fail("Vector entry " + entry.path("id").asText("(no id)") + " has no integer field " + field);
        }
        return value.asLong();
    }

    static byte[] hex(JsonNode entry, String field) {
        return HexFormat.of().parseHex(text(entry, field));
    }

    /** Returns one dynamic test per entry, named by the entry's id and a label. */
    static Stream<DynamicTest> eachEntry(List<JsonNode> entries, String label,
            Function<JsonNode, Executable> check) {
        return entries.stream().map(entry -> named(text(entry, "id") + " " + label, check.apply(entry)));
    }

    /**
     * Returns a dynamic test whose failure message starts with its name. Surefire's console
     * summary shows only the method name and index of a dynamic test, so without this prefix a
     * failure would not say which vector entry broke.
     */
    static DynamicTest named(String name, Executable body) {
        return DynamicTest.dynamicTest(name, () -> {
            try {
                body.execute();
            } catch (AssertionError e) {
                throw new AssertionError(name + ": " + e.getMessage(), e);
            }
        });
    }

    private static JsonNode load() {
        String location = System.getProperty(PROPERTY);
        if (location == null || location.isBlank()) {
            fail("System property " + PROPERTY + " is not set. Run the tests through Maven, which sets it"
                    + " in iam-core/pom.xml, or pass -D" + PROPERTY + "=PATH/vectors.json");
        }
        Path path = Path.of(location).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            fail("Known-answer vector file not found: " + path + ". It is expected in shared/vectors/"
                    + " beside the repository; pass -D" + PROPERTY + "=PATH to use another copy");
        }
        try {
            JsonNode parsed = new ObjectMapper().readTree(path.toFile());
            if (parsed.path("format_version").asInt() != 1) {
                fail("Vector file " + path + " has format_version " + parsed.path("format_version")
                        + "; these tests read version 1");
            }
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read vector file " + path, e);
        }
    }
}
