namespace SplitBrain.MLNet.Data;

/// <summary>
/// The rows of one image source in their stored order: where each image lives, its class, and a way to decode
/// it. Immutable and shared by every view and cursor over the source; decoding goes through a reader that each
/// cursor opens for itself, so cursors on different threads never share a file handle.
/// </summary>
internal abstract class ImageRecordStore
{
    protected ImageRecordStore(string sourceDescription, IReadOnlyList<string>? classNames, int imageHeight, int imageWidth)
    {
        SourceDescription = sourceDescription;
        ClassNames = classNames;
        ImageHeight = imageHeight;
        ImageWidth = imageWidth;
    }

    /// <summary>The folder or file(s) the rows come from, for messages.</summary>
    public string SourceDescription { get; }

    /// <summary>Class names indexed by 0-based class index, or null for an unlabeled source.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Height in pixels of every image, or 0 when images may differ in size.</summary>
    public int ImageHeight { get; }

    /// <summary>Width in pixels of every image, or 0 when images may differ in size.</summary>
    public int ImageWidth { get; }

    /// <summary>Number of records.</summary>
    public abstract int Count { get; }

    /// <summary>True when decoding may fail at cursor time (files listed but read later).</summary>
    public abstract bool CanFailWhenRead { get; }

    /// <summary>The 0-based class index of <paramref name="record"/>; only valid when <see cref="ClassNames"/> is set.</summary>
    public abstract int GetClassIndex(int record);

    /// <summary>Full path of the record's file, or "&lt;file&gt;#&lt;record index in that file&gt;".</summary>
    public abstract string GetRecordPath(int record);

    /// <summary>Opens a reader for one cursor; the cursor disposes it.</summary>
    public abstract IImageRecordReader OpenReader();
}

/// <summary>Decodes records of one <see cref="ImageRecordStore"/>; used by a single cursor at a time.</summary>
internal interface IImageRecordReader : IDisposable
{
    /// <summary>
    /// Decodes <paramref name="record"/> into <paramref name="destination"/>. Throws <see cref="IOException"/>
    /// (including <see cref="FileNotFoundException"/>) or <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    void Read(int record, BgraPixelBuffer destination);
}
