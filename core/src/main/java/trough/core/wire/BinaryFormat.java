package trough.core.wire;

/** Constants of the binary row format; docs/wire-format.md is the specification. */
final class BinaryFormat {
    static final byte[] MAGIC = {'T', 'R', 'G', 'H'};
    static final int VERSION = 1;

    static final int FRAME_BATCH = 'B';
    static final int FRAME_ERROR = 'E';
    static final int FRAME_END = 'Z';

    static final int NULL = 0;
    static final int INTEGER = 1;
    static final int REAL = 2;
    static final int TEXT = 3;
    static final int BLOB = 4;

    private BinaryFormat() {}
}
