package org.depthlab.solve;

import java.util.Arrays;

/**
 * A partial assignment of a {@link Csp} with forward checking: every open variable keeps the
 * domain of values compatible with all assigned variables, as a bit mask.
 *
 * <p>Assigning x = v sets x and removes from each open neighbour y the values outside
 * {@code compatible(x, v, y)}. If some domain becomes empty — a <i>wipe-out</i> — the
 * assignment can never be completed, and {@link #assign} says so. Every change goes onto a
 * trail, so {@link #undo()} restores the state before the last assignment exactly; the
 * solver walks its search tree with assign/undo pairs instead of copying states.
 *
 * <p>A new state assigns the CSP's givens in index order, without counting them as search
 * steps. If a given is not allowed by the givens before it, or the givens leave some open
 * variable without values, the state is {@link #isDead() dead} from the start.
 *
 * <p>This is also the query a constrained decoder uses: after assigning the prefix it has
 * emitted, {@link #domain(int)} is the set of values forward checking still allows at a
 * position.
 */
public final class CspState {

    private final Csp csp;
    private final long[] domain;
    private final int[] value;
    private int open;
    private boolean givensConflict;

    // The trail: (variable, old domain) pairs, and where each assignment's entries begin.
    private int[] trailVar = new int[64];
    private long[] trailDomain = new long[64];
    private int trailSize;
    private int[] frameStart = new int[16];
    private int[] frameVar = new int[16];
    private int depth;

    /** The state with only the CSP's givens assigned (and propagated). */
    public CspState(Csp csp) {
        this.csp = csp;
        int n = csp.variableCount();
        if (csp.valueCount() < 1 || csp.valueCount() > 64) {
            throw new IllegalArgumentException("a CSP needs 1 to 64 values, not " + csp.valueCount());
        }
        domain = new long[n];
        value = new int[n];
        Arrays.fill(value, -1);
        for (int x = 0; x < n; x++) {
            domain[x] = csp.initialDomain(x);
        }
        open = n;
        for (int x = 0; x < n; x++) {
            int g = csp.given(x);
            if (g < 0) {
                continue;
            }
            if ((domain[x] & (1L << g)) == 0) {
                givensConflict = true;
                continue;
            }
            assign(x, g);
        }
        // The givens are the root: search steps are counted and undone above them.
        depth = 0;
        trailSize = 0;
    }

    /**
     * The state after the givens and then {@code values} (−1 for open) are assigned in index
     * order — the state a constrained decoder is in after emitting a prefix; its
     * {@link #domain(int)} at the next position is the set of values still allowed there.
     *
     * @throws IllegalArgumentException if a value is not allowed when its turn comes
     *     (the assignments contradict the givens or each other)
     */
    public static CspState after(Csp csp, int[] values) {
        if (values.length != csp.variableCount()) {
            throw new IllegalArgumentException(csp.variableCount() + " variables, " + values.length + " values");
        }
        CspState s = new CspState(csp);
        for (int x = 0; x < values.length; x++) {
            if (values[x] >= 0 && !s.isAssigned(x)) {
                s.assign(x, values[x]);
            } else if (values[x] >= 0 && s.value(x) != values[x]) {
                throw new IllegalArgumentException("variable " + x + " is given " + s.value(x) + ", not " + values[x]);
            }
        }
        return s;
    }

    /** The CSP this state assigns. */
    public Csp csp() {
        return csp;
    }

    /** The values still allowed at {@code var}: its forward-checked domain (a singleton once assigned). */
    public long domain(int var) {
        return domain[var];
    }

    /** Whether {@code var} has a value (given or assigned). */
    public boolean isAssigned(int var) {
        return value[var] >= 0;
    }

    /** The value of {@code var}, or −1 while it is open. */
    public int value(int var) {
        return value[var];
    }

    /** A copy of all values, −1 for open variables. */
    public int[] values() {
        return value.clone();
    }

    /** The number of open variables. */
    public int openCount() {
        return open;
    }

    /** Number of assignments made since the root (the givens), i.e. how many {@link #undo()} can take back. */
    public int depth() {
        return depth;
    }

    /**
     * Whether this state can never be completed because of what holds now: the givens
     * conflict, or an open variable has no value left.
     */
    public boolean isDead() {
        if (givensConflict) {
            return true;
        }
        for (int x = 0; x < domain.length; x++) {
            if (value[x] < 0 && domain[x] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Assigns {@code val} to the open variable {@code var} and prunes its open neighbours.
     *
     * @return false if the pruning emptied a domain (a wipe-out); the assignment is made
     *     either way and is taken back by {@link #undo()}
     * @throws IllegalArgumentException if {@code var} is assigned or {@code val} is not in its domain
     */
    public boolean assign(int var, int val) {
        if (value[var] >= 0 || val < 0 || val >= 64 || (domain[var] & (1L << val)) == 0) {
            throw new IllegalArgumentException("cannot assign " + val + " to variable " + var
                    + " (value " + value[var] + ", domain " + Long.toBinaryString(domain[var]) + ")");
        }
        pushFrame(var);
        push(var, domain[var]);
        domain[var] = 1L << val;
        value[var] = val;
        open--;
        boolean wipeOut = false;
        for (int y : csp.neighbours(var)) {
            if (value[y] >= 0) {
                continue;
            }
            long old = domain[y];
            long pruned = old & csp.compatible(var, val, y);
            if (pruned != old) {
                push(y, old);
                domain[y] = pruned;
                wipeOut |= pruned == 0;
            }
        }
        return !wipeOut;
    }

    /** Takes back the last assignment and the pruning it caused. */
    public void undo() {
        if (depth == 0) {
            throw new IllegalStateException("nothing to undo: the state is at its root");
        }
        depth--;
        int var = frameVar[depth];
        int start = frameStart[depth];
        while (trailSize > start) {
            trailSize--;
            domain[trailVar[trailSize]] = trailDomain[trailSize];
        }
        value[var] = -1;
        open++;
    }

    /**
     * Narrows the domain of an open variable at the root, before any search step (the
     * generator asks "is there a solution with this cell different?" this way). Not undoable.
     */
    public void restrict(int var, long allowed) {
        if (depth != 0 || value[var] >= 0) {
            throw new IllegalStateException("restrict works on open variables at the root only");
        }
        domain[var] &= allowed;
    }

    /**
     * The open variable to fill next under {@code order}, or −1 when every variable is assigned.
     * Under {@link VariableOrder#MRV} a variable with an empty domain (0 values) comes first.
     */
    public int select(VariableOrder order) {
        int best = -1;
        int bestCount = Integer.MAX_VALUE;
        for (int x = 0; x < domain.length; x++) {
            if (value[x] >= 0) {
                continue;
            }
            if (order == VariableOrder.INDEX) {
                return x;
            }
            int count = Long.bitCount(domain[x]);
            if (count < bestCount) {
                best = x;
                bestCount = count;
                if (count == 0) {
                    break;
                }
            }
        }
        return best;
    }

    private void pushFrame(int var) {
        if (depth == frameStart.length) {
            frameStart = Arrays.copyOf(frameStart, 2 * depth);
            frameVar = Arrays.copyOf(frameVar, 2 * depth);
        }
        frameStart[depth] = trailSize;
        frameVar[depth] = var;
        depth++;
    }

    private void push(int var, long old) {
        if (trailSize == trailVar.length) {
            trailVar = Arrays.copyOf(trailVar, 2 * trailSize);
            trailDomain = Arrays.copyOf(trailDomain, 2 * trailSize);
        }
        trailVar[trailSize] = var;
        trailDomain[trailSize] = old;
        trailSize++;
    }
}
