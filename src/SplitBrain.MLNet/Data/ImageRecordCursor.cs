using Microsoft.ML;
using Microsoft.ML.Data;

namespace SplitBrain.MLNet.Data;

/// <summary>
/// A cursor over the rows of an <see cref="ImageDataView"/> in a given order of store records. The image of the
/// current row is decoded once, on the first call of its getter (or in <see cref="MoveNext"/> when unreadable
/// files are skipped), and each getter call hands out a new <see cref="MLImage"/> copy. As ML.NET's own image
/// getters do, the getter disposes the image passed back in through <c>ref</c> before replacing it.
/// </summary>
internal sealed class ImageRecordCursor : DataViewRowCursor
{
    private readonly ImageRecordStore _store;
    private readonly ImageDataSchema _schema;
    private readonly int[] _order;
    private readonly bool[] _active;
    private readonly bool _skipUnreadable;
    private readonly UnreadableFileLog _unreadable;
    private readonly IImageRecordReader _reader;
    private readonly BgraPixelBuffer _pixels = new();

    private int _orderIndex = -1;
    private long _position = -1;
    private int _record = -1;
    private bool _pixelsLoaded;
    private bool _done;
    private int _newlySkipped;
    private string? _firstSkipReason;
    private bool _disposed;

    public ImageRecordCursor(ImageRecordStore store, ImageDataSchema schema, int[] order,
        IEnumerable<DataViewSchema.Column> columnsNeeded, bool skipUnreadable, UnreadableFileLog unreadable)
    {
        _store = store;
        _schema = schema;
        _order = order;
        _active = new bool[schema.Schema.Count];
        foreach (DataViewSchema.Column column in columnsNeeded)
            _active[CheckColumn(column).Index] = true;
        _skipUnreadable = skipUnreadable && store.CanFailWhenRead;
        _unreadable = unreadable;
        _reader = store.OpenReader();
    }

    public override DataViewSchema Schema => _schema.Schema;

    public override long Position => _position;

    public override long Batch => 0;

    public override bool IsColumnActive(DataViewSchema.Column column) => _active[CheckColumn(column).Index];

    public override bool MoveNext()
    {
        if (_done || _disposed)
            return false;

        while (++_orderIndex < _order.Length)
        {
            _record = _order[_orderIndex];
            _pixelsLoaded = false;
            if (_skipUnreadable && _active[_schema.ImageIndex] && !TryLoadPixels())
                continue;
            _position++;
            return true;
        }

        _done = true;
        _record = -1;
        return false;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) =>
    {
        EnsureOnRow();
        id = new DataViewRowId((ulong)_record, 0);
    };

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        DataViewSchema.Column own = CheckColumn(column);
        if (!_active[own.Index])
            throw new InvalidOperationException($"Column '{own.Name}' was not requested when this cursor was created.");
        if (typeof(TValue) != own.Type.RawType)
        {
            throw new InvalidOperationException(
                $"Column '{own.Name}' has type {own.Type} with values of {own.Type.RawType.Name}; a getter of " +
                $"{typeof(TValue).Name} was requested.");
        }

        Delegate getter = own.Index == _schema.ImageIndex ? new ValueGetter<MLImage>(GetImage)
            : own.Index == _schema.LabelIndex ? new ValueGetter<uint>(GetLabel)
            : new ValueGetter<ReadOnlyMemory<char>>(GetPath);
        return (ValueGetter<TValue>)getter;
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed)
            return;
        _disposed = true;
        if (disposing)
        {
            _reader.Dispose();
            if (_newlySkipped > 0)
                _unreadable.Warn(_store.SourceDescription, _newlySkipped, _firstSkipReason!);
        }

        base.Dispose(disposing);
    }

    private void GetImage(ref MLImage value)
    {
        EnsureOnRow();
        if (!_pixelsLoaded)
        {
            _reader.Read(_record, _pixels);
            _pixelsLoaded = true;
        }

        value?.Dispose();
        value = _pixels.ToImage();
        value.Tag = _store.GetRecordPath(_record);
    }

    private void GetLabel(ref uint value)
    {
        EnsureOnRow();
        value = (uint)_store.GetClassIndex(_record) + 1;
    }

    private void GetPath(ref ReadOnlyMemory<char> value)
    {
        EnsureOnRow();
        value = _store.GetRecordPath(_record).AsMemory();
    }

    private bool TryLoadPixels()
    {
        if (_unreadable.IsKnown(_record))
            return false;
        try
        {
            _reader.Read(_record, _pixels);
            _pixelsLoaded = true;
            return true;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            if (_unreadable.Add(_record, ex.Message))
            {
                _newlySkipped++;
                _firstSkipReason ??= ex.Message;
            }

            return false;
        }
    }

    private void EnsureOnRow()
    {
        if (_record < 0 || _disposed)
        {
            throw new InvalidOperationException(
                "The cursor is not on a row: call MoveNext() and read values only while it returns true.");
        }
    }

    private DataViewSchema.Column CheckColumn(DataViewSchema.Column column)
    {
        DataViewSchema schema = _schema.Schema;
        if (column.Index < 0 || column.Index >= schema.Count || schema[column.Index].Name != column.Name)
        {
            throw new ArgumentException(
                $"Column '{column.Name}' (index {column.Index}) is not a column of this image data view; its columns " +
                $"are {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.", nameof(column));
        }

        return schema[column.Index];
    }
}
