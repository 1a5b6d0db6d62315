package org.billing.iam.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;

/**
 * The JSON conventions of the API: snake_case property names, {@code java.time} values as
 * ISO-8601 strings, and strict parsing (duplicate keys and trailing content are errors).
 */
public final class JsonMapping {

    private JsonMapping() {
    }

    /** Creates the object mapper used for every request and response body. */
    public static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** Adapts an object mapper to Javalin, which calls it for {@code ctx.json(...)}. */
    static io.javalin.json.JsonMapper javalinMapper(ObjectMapper mapper) {
        return new io.javalin.json.JsonMapper() {
            @Override
            public String toJsonString(Object value, Type type) {
                try {
                    return mapper.writeValueAsString(value);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public <T> T fromJsonStream(InputStream json, Type type) {
                try {
                    return mapper.readValue(json, mapper.constructType(type));
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public <T> T fromJsonString(String json, Type type) {
                try {
                    return mapper.readValue(json, mapper.constructType(type));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
