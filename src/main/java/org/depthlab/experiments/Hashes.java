package org.depthlab.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content hashes of resolved configurations: what makes a sweep idempotent. A run's folder is
 * named by the hash of everything that determines its result (dataset, model, training
 * settings, budget, evaluation), so a finished run is found again by name, and a run whose
 * spec changed gets a new folder instead of being mistaken for the old one.
 *
 * <p>The JSON is canonical — object fields and map entries sorted by name — so the hash does
 * not depend on the order a spec lists its settings in. SHA-256, first 10 hex digits (40
 * bits: a collision among a course's runs is not a concern).
 */
final class Hashes {

    /** Canonical JSON: sorted fields, no indentation. */
    static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Hashes() {
    }

    /** The canonical JSON of {@code value}. */
    static String canonical(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }

    /** The first 10 hex digits of the SHA-256 of {@code value}'s canonical JSON. */
    static String of(Object value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
