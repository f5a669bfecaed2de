package org.depthlab.io;

import java.util.List;
import java.util.Map;

/**
 * What a safetensors file holds according to its header, as {@link SafeTensors#list} returns
 * it: each tensor's name, dtype and shape, in header order, and the metadata. Unlike
 * {@link SafeTensorsFile} it carries no values, so it describes a file of any dtype —
 * {@code depthlab inspect} prints it.
 *
 * @param tensors  in header order (unmodifiable)
 * @param metadata the header's {@code __metadata__} object; empty if it has none (unmodifiable)
 */
public record SafeTensorsListing(List<Entry> tensors, Map<String, String> metadata) {

    /**
     * One tensor as the header describes it.
     *
     * @param name  its name in the file
     * @param dtype its element type
     * @param shape the sizes of its dimensions; {@code []} is a scalar (one value)
     */
    public record Entry(String name, DType dtype, int[] shape) {

        /** How many values the tensor holds: the product of its shape. */
        public long size() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        /** Bytes its values take in the file. */
        public long bytes() {
            return size() * dtype.bits() / 8;
        }
    }
}
