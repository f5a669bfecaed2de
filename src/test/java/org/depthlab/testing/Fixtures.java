package org.depthlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;
import org.ejml.data.DMatrixRMaj;

/**
 * The PyTorch parity fixtures in {@code src/test/resources/parity/} (written by
 * {@code benchmarks/reference/make_fixtures.py}) and the measure they are compared with.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** Reads {@code parity/NAME} from the test classpath. */
    public static SafeTensorsFile read(String name) {
        try {
            var url = Fixtures.class.getResource("/parity/" + name);
            assertNotNull(url, "missing fixture " + name + "; regenerate with benchmarks/reference/make_fixtures.py");
            return SafeTensors.read(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The named tensor as a matrix; the test fails if the fixture lacks it. */
    public static DMatrixRMaj tensor(SafeTensorsFile file, String name) {
        SafeTensorsFile.Entry entry = file.tensors().get(name);
        assertNotNull(entry, "fixture has no tensor " + name);
        return entry.matrix();
    }

    /** An integer from the fixture's metadata. */
    public static int meta(SafeTensorsFile file, String key) {
        String value = file.metadata().get(key);
        assertNotNull(value, "fixture metadata has no " + key);
        return Integer.parseInt(value);
    }

    /** Token ids stored as float64. */
    public static int[] ints(DMatrixRMaj m) {
        int[] ids = new int[m.data.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) m.data[i];
            assertEquals(ids[i], m.data[i], 0.0, "token ids must be whole numbers");
        }
        return ids;
    }

    /**
     * Asserts ‖actual − expected‖∞ / ‖expected‖∞ ≤ tolerance: relative to the tensor's own
     * scale, so a gradient of size 1e-3 is held to the same relative standard as one of 1.
     */
    public static void assertClose(String what, DMatrixRMaj expected, DMatrixRMaj actual, double tolerance) {
        assertNotNull(actual, what + ": nothing computed");
        assertEquals(expected.numRows, actual.numRows, what + " rows");
        assertEquals(expected.numCols, actual.numCols, what + " columns");
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.data.length; i++) {
            diff = Math.max(diff, Math.abs(expected.data[i] - actual.data[i]));
            scale = Math.max(scale, Math.abs(expected.data[i]));
        }
        double relative = diff / Math.max(scale, Double.MIN_NORMAL);
        assertTrue(relative <= tolerance, what + ": relative difference " + relative + " from PyTorch");
    }
}
