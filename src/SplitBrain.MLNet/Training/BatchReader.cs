using Microsoft.ML;
using Microsoft.ML.Data;

namespace SplitBrain.MLNet.Training;

/// <summary>
/// Streams fixed-size batches of named columns out of an <see cref="IDataView"/>, one epoch at a time, in a shuffled
/// order drawn from (seed, epoch). Where the view supports random access (<see cref="IDataView.CanShuffle"/>) the
/// cursor itself visits a random permutation; otherwise rows pass through a bounded shuffle buffer. Nothing is
/// materialized beyond one batch and the buffer.
/// </summary>
internal sealed class BatchReader
{
    private readonly IDataView _data;
    private readonly IReadOnlyList<BatchColumn> _columns;
    private readonly DataViewSchema.Column[] _schemaColumns;
    private readonly int _batchSize;
    private readonly int _shuffleBufferRows;

    public BatchReader(IDataView data, IReadOnlyList<BatchColumn> columns, int batchSize, int shuffleBufferRows = 4096)
    {
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1.");
        _data = data;
        _columns = columns;
        _batchSize = batchSize;
        _shuffleBufferRows = shuffleBufferRows;
        _schemaColumns = columns.Select(c => CheckColumn(data.Schema, c)).ToArray();
    }

    public int BatchSize => _batchSize;

    /// <summary>Whether the source is visited in a random permutation (true) or through the shuffle buffer.</summary>
    public bool UsesRandomAccess => _data.CanShuffle;

    /// <summary>
    /// The shuffle seed of one epoch: a fixed mix (SplitMix64's finalizer) of the run's seed and the epoch number, so
    /// every process, and a run resumed in a new process, draws the same order. (HashCode.Combine would not do: .NET
    /// randomizes it per process.)
    /// </summary>
    internal static int EpochShuffleSeed(int seed, int epoch)
    {
        ulong mixed = ((ulong)(uint)seed << 32 | (uint)epoch) + 0x9E3779B97F4A7C15UL;
        mixed = (mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9UL;
        mixed = (mixed ^ (mixed >> 27)) * 0x94D049BB133111EBUL;
        mixed ^= mixed >> 31;
        return (int)(mixed & 0x7FFFFFFF);
    }

    /// <summary>
    /// Produces the epoch's batches into <paramref name="sink"/>, after skipping the first
    /// <paramref name="skipBatches"/> (used when resuming inside an epoch). A null seed keeps the source order.
    /// </summary>
    public void ProduceEpoch(int? seed, int epoch, long skipBatches, Action<ColumnBatch> sink, CancellationToken token)
    {
        Random? random = seed is int s ? new Random(EpochShuffleSeed(s, epoch)) : null;
        using DataViewRowCursor cursor = _data.GetRowCursor(_schemaColumns, random is not null && _data.CanShuffle ? random : null);
        var readers = _columns.Select((c, i) => MakeRowReader(cursor, _schemaColumns[i], c, i)).ToArray();
        IEnumerable<Row> rows = ReadRows(cursor, readers, token);
        if (random is not null && !_data.CanShuffle)
            rows = ShuffleBuffer(rows, random);

        long skipRows = skipBatches * _batchSize;
        ColumnBatch? batch = null;
        foreach (Row row in rows)
        {
            if (skipRows > 0)
            {
                skipRows--;
                continue;
            }
            batch ??= new ColumnBatch(_columns, _batchSize);
            row.CopyTo(batch, batch.Count++);
            if (batch.Count == _batchSize)
            {
                sink(batch);
                batch = null;
            }
        }
        if (batch is { Count: > 0 })
            sink(batch);
    }

    /// <summary>Counts the rows, using the view's count when it knows it.</summary>
    public long CountRows()
    {
        long? known = _data.GetRowCount();
        if (known is long n)
            return n;
        long count = 0;
        using var cursor = _data.GetRowCursor(Array.Empty<DataViewSchema.Column>());
        while (cursor.MoveNext())
            count++;
        return count;
    }

    private IEnumerable<Row> ReadRows(DataViewRowCursor cursor, Action<Row, long>[] readers, CancellationToken token)
    {
        while (cursor.MoveNext())
        {
            token.ThrowIfCancellationRequested();
            var row = new Row(_columns);
            for (int c = 0; c < readers.Length; c++)
                readers[c](row, cursor.Position);
            yield return row;
        }
    }

    private IEnumerable<Row> ShuffleBuffer(IEnumerable<Row> rows, Random random)
    {
        var buffer = new List<Row>(_shuffleBufferRows);
        foreach (Row row in rows)
        {
            if (buffer.Count < _shuffleBufferRows)
            {
                buffer.Add(row);
                continue;
            }
            int pick = random.Next(buffer.Count);
            yield return buffer[pick];
            buffer[pick] = row;
        }
        while (buffer.Count > 0)
        {
            int pick = random.Next(buffer.Count);
            yield return buffer[pick];
            buffer[pick] = buffer[^1];
            buffer.RemoveAt(buffer.Count - 1);
        }
    }

    private static Action<Row, long> MakeRowReader(DataViewRowCursor cursor, DataViewSchema.Column column, BatchColumn spec, int index)
    {
        switch (spec.Kind)
        {
            case BatchColumnKind.FloatVector:
            {
                var getter = cursor.GetGetter<VBuffer<float>>(column);
                VBuffer<float> value = default;
                return (row, position) =>
                {
                    getter(ref value);
                    CheckLength(spec, value.Length, position);
                    value.CopyTo(row.Floats[index]);
                };
            }
            case BatchColumnKind.Int32Vector:
            {
                var getter = cursor.GetGetter<VBuffer<int>>(column);
                VBuffer<int> value = default;
                return (row, position) =>
                {
                    getter(ref value);
                    CheckLength(spec, value.Length, position);
                    var target = row.Integers[index];
                    int i = 0;
                    foreach (int v in value.DenseValues())
                        target[i++] = v;
                };
            }
            default:
            {
                var getter = cursor.GetGetter<uint>(column);
                uint value = 0;
                return (row, position) =>
                {
                    getter(ref value);
                    if (value == 0)
                        throw new InvalidDataException($"Column '{spec.Name}', row {position}: the label is missing (key value 0).");
                    row.Integers[index][0] = value - 1;
                };
            }
        }
    }

    private static void CheckLength(BatchColumn spec, int length, long position)
    {
        if (length != spec.Length)
            throw new InvalidDataException(
                $"Column '{spec.Name}', row {position}: expected a vector of {spec.Length} values, found {length}.");
    }

    private static DataViewSchema.Column CheckColumn(DataViewSchema schema, BatchColumn spec)
    {
        DataViewSchema.Column? found = schema.GetColumnOrNull(spec.Name);
        if (found is not DataViewSchema.Column column)
            throw new ArgumentOutOfRangeException(nameof(schema), spec.Name,
                $"Column '{spec.Name}' is missing from the data. Columns present: {string.Join(", ", schema.Select(c => c.Name))}.");
        DataViewType type = column.Type;
        switch (spec.Kind)
        {
            case BatchColumnKind.FloatVector when type is VectorDataViewType { ItemType: NumberDataViewType f } v && f.RawType == typeof(float):
                if (v.Size != 0 && v.Size != spec.Length)
                    throw new ArgumentOutOfRangeException(nameof(schema), spec.Name,
                        $"Column '{spec.Name}' must be a float vector of {spec.Length} values; found a vector of {v.Size}.");
                return column;
            case BatchColumnKind.Int32Vector when type is VectorDataViewType { ItemType: NumberDataViewType i } v && i.RawType == typeof(int):
                if (v.Size != 0 && v.Size != spec.Length)
                    throw new ArgumentOutOfRangeException(nameof(schema), spec.Name,
                        $"Column '{spec.Name}' must be an int32 vector of {spec.Length} values; found a vector of {v.Size}.");
                return column;
            case BatchColumnKind.Key when type is KeyDataViewType { RawType: var raw } && raw == typeof(uint):
                return column;
            default:
                string expected = spec.Kind switch
                {
                    BatchColumnKind.FloatVector => $"a float vector of {spec.Length} values",
                    BatchColumnKind.Int32Vector => $"an int32 vector of {spec.Length} values",
                    _ => "a key over UInt32 (use MapValueToKey)",
                };
                throw new ArgumentOutOfRangeException(nameof(schema), spec.Name, $"Column '{spec.Name}' must be {expected}; found {type}.");
        }
    }

    /// <summary>One row in flight between the cursor and a batch.</summary>
    private sealed class Row
    {
        public Row(IReadOnlyList<BatchColumn> columns)
        {
            Floats = new float[columns.Count][];
            Integers = new long[columns.Count][];
            for (int c = 0; c < columns.Count; c++)
            {
                if (columns[c].Kind == BatchColumnKind.FloatVector)
                    Floats[c] = new float[columns[c].Length];
                else
                    Integers[c] = new long[columns[c].Length];
            }
        }

        public float[][] Floats { get; }

        public long[][] Integers { get; }

        public void CopyTo(ColumnBatch batch, int slot)
        {
            for (int c = 0; c < Floats.Length; c++)
            {
                if (Floats[c] is float[] f)
                    f.CopyTo(batch.Floats[c], slot * f.Length);
                else
                    Integers[c].CopyTo(batch.Integers[c], slot * Integers[c].Length);
            }
        }
    }
}
