package org.depthlab.io;

import java.util.Arrays;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * The content of a safetensors file as {@link SafeTensors#read} returns it: every tensor, in
 * the order the header lists them, and the free-form string metadata.
 *
 * @param tensors  tensor name to entry, in header order (unmodifiable)
 * @param metadata the header's {@code __metadata__} object; empty if it has none (unmodifiable)
 */
public record SafeTensorsFile(Map<String, Entry> tensors, Map<String, String> metadata) {

    /**
     * One stored tensor. Its values are row-major (the last dimension varies fastest), as
     * safetensors stores them, and always float64: an F32, F16 or BF16 tensor is widened on
     * load, an integer or boolean one read as whole numbers, both exactly.
     *
     * <p>Equality compares the values bit for bit (via {@link Arrays#equals(double[], double[])}),
     * not by reference as a record with array components otherwise would. The arrays belong to
     * the entry and are not copied: treat them as read-only.
     *
     * @param name  the tensor's name in the file
     * @param dtype how the values were stored
     * @param shape the sizes of the dimensions; {@code []} is a scalar
     * @param data  the values, {@code product(shape)} of them
     */
    public record Entry(String name, DType dtype, int[] shape, double[] data) {

        public Entry {
            if (data.length != count(shape)) {
                throw new IllegalArgumentException("tensor '" + name + "' of shape " + shapeText(shape)
                        + " needs " + count(shape) + " values, got " + data.length);
            }
        }

        /** How many values the tensor holds: the product of its shape. */
        public int size() {
            return data.length;
        }

        /**
         * The values as a new matrix (a copy), for depthlab's 2-D world: shape {@code []} gives
         * 1×1, {@code [n]} gives 1×n (a PyTorch bias or norm weight is 1-D), {@code [r, c]}
         * gives r×c, and a higher rank {@code [d0, d1, …]} gives d0 × (d1·d2·…), which keeps
         * the row-major order of the values.
         */
        public DMatrixRMaj matrix() {
            int rows = shape.length < 2 ? 1 : shape[0];
            int cols = shape.length < 2 ? data.length : count(Arrays.copyOfRange(shape, 1, shape.length));
            DMatrixRMaj m = new DMatrixRMaj(rows, cols);
            System.arraycopy(data, 0, m.data, 0, data.length);
            return m;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry e && name.equals(e.name) && dtype == e.dtype
                    && Arrays.equals(shape, e.shape) && Arrays.equals(data, e.data);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * name.hashCode() + dtype.hashCode()) + Arrays.hashCode(shape))
                    + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return name + " " + dtype + " " + shapeText(shape);
        }
    }

    /** A shape the way PyTorch and the messages print it: {@code [2, 3]}, {@code []}. */
    public static String shapeText(int[] shape) {
        return Arrays.toString(shape);
    }

    private static int count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }
}
