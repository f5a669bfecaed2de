package org.depthlab.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * Test fixture reader: just enough safetensors (F64 tensors of rank 0 to 2) to read the
 * PyTorch parity fixtures from the test classpath. The layout is a little-endian u64 header
 * length, a JSON header {name: {dtype, shape, data_offsets}}, then the raw data. It stands in
 * until the library's own safetensors reader is merged, and should then be replaced by it.
 */
final class ParityFixtureReader {

    private ParityFixtureReader() {
    }

    static Map<String, DMatrixRMaj> read(String resource) throws IOException {
        byte[] bytes;
        try (InputStream in = ParityFixtureReader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no test resource " + resource);
            }
            bytes = in.readAllBytes();
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(buf.getLong(0));
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        int dataStart = 8 + headerLength;
        Map<String, DMatrixRMaj> out = new LinkedHashMap<>();
        for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode entry = header.get(name);
            if (name.equals("__metadata__")) {
                continue;
            }
            if (!entry.get("dtype").asText().equals("F64") || entry.get("shape").size() > 2) {
                throw new IOException(name + ": only F64 tensors of rank 0 to 2 are supported");
            }
            JsonNode shape = entry.get("shape");
            int rows = shape.size() == 2 ? shape.get(0).asInt() : 1;
            int cols = shape.size() == 0 ? 1 : shape.get(shape.size() - 1).asInt();
            DMatrixRMaj m = new DMatrixRMaj(rows, cols);
            int begin = dataStart + entry.get("data_offsets").get(0).asInt();
            for (int i = 0; i < rows * cols; i++) {
                m.data[i] = buf.getDouble(begin + 8 * i);
            }
            out.put(name, m);
        }
        return out;
    }
}
