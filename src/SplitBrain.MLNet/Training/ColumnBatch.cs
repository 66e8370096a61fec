namespace SplitBrain.MLNet.Training;

/// <summary>What a batch column holds and how it is read from the data view.</summary>
internal enum BatchColumnKind
{
    /// <summary>A float vector of a fixed length.</summary>
    FloatVector,

    /// <summary>An int32 vector of a fixed length (label grids).</summary>
    Int32Vector,

    /// <summary>A key scalar, stored as its zero-based class index; missing keys are an error.</summary>
    Key,
}

/// <summary>One column a batch reader reads: its name in the data view, its kind and its length per row.</summary>
internal sealed record BatchColumn(string Name, BatchColumnKind Kind, int Length);

/// <summary>
/// A batch of rows, column-major per column: column c holds <c>Count × Columns[c].Length</c> values in row order.
/// Float columns live in <see cref="Floats"/>, int and key columns in <see cref="Integers"/> (as int64, the type
/// TorchSharp's losses take for class indices).
/// </summary>
internal sealed class ColumnBatch
{
    public ColumnBatch(IReadOnlyList<BatchColumn> columns, int capacity)
    {
        Columns = columns;
        Capacity = capacity;
        Floats = new float[columns.Count][];
        Integers = new long[columns.Count][];
        for (int c = 0; c < columns.Count; c++)
        {
            if (columns[c].Kind == BatchColumnKind.FloatVector)
                Floats[c] = new float[capacity * columns[c].Length];
            else
                Integers[c] = new long[capacity * columns[c].Length];
        }
    }

    public IReadOnlyList<BatchColumn> Columns { get; }

    public int Capacity { get; }

    /// <summary>How many rows are filled.</summary>
    public int Count { get; set; }

    public float[][] Floats { get; }

    public long[][] Integers { get; }
}
