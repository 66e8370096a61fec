namespace SplitBrain.MLNet.Data;

/// <summary>
/// CIFAR-10 binary batches (data_batch_1..5.bin, test_batch.bin). Each 3,073-byte record is one label byte (class
/// 0..9) followed by the red, green and blue planes of a 32×32 image, 1,024 bytes each, row-major with the top
/// row first. The label bytes are read and checked when the store is opened; pixels are read when a cursor
/// reaches the record.
/// </summary>
internal sealed class Cifar10Store : ImageRecordStore
{
    public const int Side = 32;
    public const int PlaneSize = Side * Side;
    public const int RecordSize = 1 + 3 * PlaneSize;
    public const string ClassNamesFileName = "batches.meta.txt";

    public static readonly IReadOnlyList<string> StandardClassNames = new[]
    {
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
    };

    private const string RecordDescription = "CIFAR-10 records of 3,073 bytes (1 label byte, then 3 planes of 32×32)";

    private readonly string[] _files;
    private readonly int[] _firstRecordOfFile;
    private readonly byte[] _classIndices;

    private Cifar10Store(string[] files, int[] firstRecordOfFile, byte[] classIndices, IReadOnlyList<string> classNames)
        : base(string.Join(", ", files), classNames, Side, Side)
    {
        _files = files;
        _firstRecordOfFile = firstRecordOfFile;
        _classIndices = classIndices;
    }

    public override int Count => _classIndices.Length;

    public override bool CanFailWhenRead => false;

    public override int GetClassIndex(int record) => _classIndices[record];

    public override string GetRecordPath(int record)
    {
        int file = FileOf(record);
        return $"{_files[file]}#{record - _firstRecordOfFile[file]}";
    }

    public override IImageRecordReader OpenReader() => new Reader(this);

    /// <summary>Opens batch files in the order given; class names come from batches.meta.txt beside the first.</summary>
    public static Cifar10Store Open(IReadOnlyList<string> batchFiles)
    {
        ArgumentNullException.ThrowIfNull(batchFiles);
        if (batchFiles.Count == 0)
            throw new ArgumentException("At least one CIFAR-10 batch file is needed; received none.", nameof(batchFiles));

        string[] files = batchFiles.Select(BinaryRecordFiles.RequireFile).ToArray();
        string namesFile = Path.Combine(Path.GetDirectoryName(files[0])!, ClassNamesFileName);
        IReadOnlyList<string> classNames = BinaryRecordFiles.ReadClassNames(namesFile, StandardClassNames);

        var counts = files.Select(f => BinaryRecordFiles.CountRecords(f, RecordSize, RecordDescription)).ToArray();
        long total = counts.Sum(c => (long)c);
        if (total > int.MaxValue)
        {
            throw new InvalidDataException(
                $"CIFAR-10 files {string.Join(", ", files)} hold {total} records; at most {int.MaxValue} are supported.");
        }

        var firstRecord = new int[files.Length];
        var labels = new byte[total];
        int next = 0;
        for (int f = 0; f < files.Length; f++)
        {
            firstRecord[f] = next;
            ReadLabels(files[f], counts[f], classNames.Count, labels.AsSpan(next, counts[f]));
            next += counts[f];
        }

        return new Cifar10Store(files, firstRecord, labels, classNames);
    }

    private static void ReadLabels(string file, int count, int classCount, Span<byte> labels)
    {
        using FileStream stream = BinaryRecordFiles.OpenForRecords(file);
        Span<byte> label = stackalloc byte[1];
        for (int r = 0; r < count; r++)
        {
            stream.Seek((long)r * RecordSize, SeekOrigin.Begin);
            stream.ReadExactly(label);
            if (label[0] >= classCount)
            {
                throw new InvalidDataException(
                    $"CIFAR-10 file '{file}' record {r} (byte offset {(long)r * RecordSize}) has label byte " +
                    $"{label[0]}; expected a class index from 0 to {classCount - 1}.");
            }

            labels[r] = label[0];
        }
    }

    private int FileOf(int record)
    {
        int index = Array.BinarySearch(_firstRecordOfFile, record);
        return index >= 0 ? index : ~index - 1;
    }

    private sealed class Reader : IImageRecordReader
    {
        private readonly Cifar10Store _store;
        private readonly FileStream?[] _streams;
        private readonly byte[] _record = new byte[RecordSize];

        public Reader(Cifar10Store store)
        {
            _store = store;
            _streams = new FileStream?[store._files.Length];
        }

        public void Read(int record, BgraPixelBuffer destination)
        {
            int file = _store.FileOf(record);
            FileStream stream = _streams[file] ??= BinaryRecordFiles.OpenForRecords(_store._files[file]);
            BinaryRecordFiles.ReadRecord(stream, record - _store._firstRecordOfFile[file], RecordSize, _record);

            destination.Resize(Side, Side);
            PlanarPixels.ToBgra(_record.AsSpan(1), Side, Side, columnMajor: false, destination.Pixels);
        }

        public void Dispose()
        {
            foreach (FileStream? stream in _streams)
                stream?.Dispose();
        }
    }
}
