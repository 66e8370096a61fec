using Microsoft.ML;
using SplitBrain.MLNet.Data;

namespace SplitBrain.MLNet;

/// <summary>
/// An <see cref="IDataView"/> of images from a folder or a binary set, made by <see cref="ImageDataSources"/>.
/// Columns, in order: the image column (<c>ImageDataViewType</c>, <c>MLImage</c> values decoded when a cursor reaches
/// the row, BGRA 8-bit), the label column (labeled sources: a key over <see cref="uint"/> with one key per class,
/// raw values 1..class count, class names as key-value annotations), and the path column (when named).
/// </summary>
/// <remarks>
/// Shuffling: <see cref="CanShuffle"/> is true; a cursor made with a <see cref="Random"/> visits every row once, in
/// a permutation drawn from it (Fisher–Yates), so equal seeds give equal orders. Without one, rows come in stored
/// order: ordinal relative path for folders, file then record order for binary sets. Row ids are the stored
/// record indices. The view is immutable and thread-safe; each cursor opens its own file handles.
/// </remarks>
public sealed class ImageDataView : IDataView
{
    private readonly ImageRecordStore _store;
    private readonly int[] _records;
    private readonly ImageDataSourceOptions _options;
    private readonly ImageDataSchema _schema;
    private readonly UnreadableFileLog _unreadable;

    private ImageDataView(ImageRecordStore store, int[] records, ImageDataSourceOptions options,
        ImageDataSchema schema, UnreadableFileLog unreadable)
    {
        _store = store;
        _records = records;
        _options = options;
        _schema = schema;
        _unreadable = unreadable;
    }

    /// <inheritdoc/>
    public DataViewSchema Schema => _schema.Schema;

    /// <summary>Always true: cursors honour the <see cref="Random"/> given to <see cref="GetRowCursor"/>.</summary>
    public bool CanShuffle => true;

    /// <summary>Number of rows listed (files or records), whether or not they will decode.</summary>
    public long ListedRowCount => _records.Length;

    /// <summary>The folder, or the comma-separated binary file paths, the rows come from.</summary>
    public string Source => _store.SourceDescription;

    /// <summary>Class names by 0-based class index (raw key value minus 1), or null when the view is unlabeled.</summary>
    public IReadOnlyList<string>? ClassNames => _store.ClassNames;

    /// <summary>Name of the image column.</summary>
    public string ImageColumnName => _options.ImageColumnName;

    /// <summary>Name of the label column, or null when the view is unlabeled.</summary>
    public string? LabelColumnName => _store.ClassNames is null ? null : _options.LabelColumnName;

    /// <summary>Name of the image path column, or null when it was left out.</summary>
    public string? ImagePathColumnName => _options.ImagePathColumnName;

    /// <summary>
    /// Number of distinct unreadable files skipped so far by cursors over this source (and its subsets), with
    /// <see cref="ImageDataSourceOptions.SkipUnreadableFiles"/> on; 0 otherwise.
    /// </summary>
    public int UnreadableFileCount => _unreadable.Count;

    /// <summary>
    /// The number of rows, or null while <see cref="ImageDataSourceOptions.SkipUnreadableFiles"/> is on for an image
    /// folder (rows that fail to decode will be left out, and which ones is unknown before a pass).
    /// </summary>
    public long? GetRowCount() =>
        _options.SkipUnreadableFiles && _store.CanFailWhenRead ? null : _records.Length;

    /// <summary>
    /// A cursor over the rows. <paramref name="rand"/> null: stored order. Otherwise a permutation of all rows
    /// drawn from <paramref name="rand"/>.
    /// </summary>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int[] order = (int[])_records.Clone();
        if (rand is not null)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = rand.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }

        return new ImageRecordCursor(_store, _schema, order, columnsNeeded, _options.SkipUnreadableFiles, _unreadable);
    }

    /// <summary>
    /// Returns one cursor, as <see cref="GetRowCursor"/> would: ML.NET allows fewer cursors than
    /// <paramref name="n"/>, and decoding is not split across threads here.
    /// </summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };

    /// <summary>
    /// A view of some rows of this one, in the order given. Indices are 0-based positions in this view's stored
    /// order (0 to <see cref="ListedRowCount"/> − 1), each at most once. The subset keeps the schema, class names and
    /// key type, so labels stay comparable with the full view.
    /// </summary>
    public ImageDataView Subset(IReadOnlyList<long> rowIndices)
    {
        ArgumentNullException.ThrowIfNull(rowIndices);
        var records = new int[rowIndices.Count];
        var seen = new HashSet<long>();
        for (int i = 0; i < records.Length; i++)
        {
            long row = rowIndices[i];
            if (row < 0 || row >= _records.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(rowIndices), row,
                    $"Row index {row} (item {i}) is outside this view of {_records.Length} rows from '{Source}'; " +
                    $"expected 0 to {_records.Length - 1}.");
            }

            if (!seen.Add(row))
            {
                throw new ArgumentException(
                    $"Row index {row} appears more than once (item {i}); each row may appear once.", nameof(rowIndices));
            }
            records[i] = _records[row];
        }

        return new ImageDataView(_store, records, _options, _schema, _unreadable);
    }

    /// <summary>The 0-based class index of a row (in this view's stored order); the view must be labeled.</summary>
    internal int GetClassIndex(long row) => _store.GetClassIndex(_records[row]);

    /// <summary>The path text of a row (in this view's stored order).</summary>
    internal string GetRowPath(long row) => _store.GetRecordPath(_records[row]);

    internal static ImageDataView Create(MLContext mlContext, ImageRecordStore store, ImageDataSourceOptions options)
    {
        int[] all = Enumerable.Range(0, store.Count).ToArray();
        return new ImageDataView(store, all, options, ImageDataSchema.Build(store, options),
            new UnreadableFileLog(mlContext, options.WarningCallback));
    }
}
