package org.depthlab.solve;

/**
 * Which open variable a search, the greedy decoder or a constrained autoregressive decoder
 * fills next. Values are always tried in ascending order (value 0 first); only the variable
 * order varies.
 */
public enum VariableOrder {

    /**
     * Minimum remaining values (Haralick and Elliott 1980, "fail first"): the open variable
     * with the fewest values left in its domain; ties go to the lowest index. This is the
     * order that defines a puzzle's difficulty.
     */
    MRV,

    /** The open variable with the lowest index: raster order for a Sudoku, top row first for N-Queens. */
    INDEX
}
