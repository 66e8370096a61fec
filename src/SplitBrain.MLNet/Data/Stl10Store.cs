namespace SplitBrain.MLNet.Data;

/// <summary>
/// STL-10 binary files: <c>*_X.bin</c> holds 96×96 images of 27,648 bytes each, the red, green and blue planes
/// in turn, each plane stored column-major (pixel (x, y) at <c>x·96 + y</c>); <c>*_y.bin</c> holds one label byte
/// per image, 1..10, meaning classes 0..9. Labels are read and checked when the store is opened; images are read
/// by seeking to their record when a cursor reaches them, so the 2.76 GB unlabeled_X.bin is never held in memory.
/// </summary>
internal sealed class Stl10Store : ImageRecordStore
{
    public const int Side = 96;
    public const int RecordSize = 3 * Side * Side;
    public const string ClassNamesFileName = "class_names.txt";

    public static readonly IReadOnlyList<string> StandardClassNames = new[]
    {
        "airplane", "bird", "car", "cat", "deer", "dog", "horse", "monkey", "ship", "truck",
    };

    private const string RecordDescription = "STL-10 images of 27,648 bytes (3 column-major planes of 96×96)";

    private readonly string _imagesFile;
    private readonly int _count;
    private readonly byte[]? _classIndices;

    private Stl10Store(string imagesFile, int count, byte[]? classIndices, IReadOnlyList<string>? classNames)
        : base(imagesFile, classNames, Side, Side)
    {
        _imagesFile = imagesFile;
        _count = count;
        _classIndices = classIndices;
    }

    public override int Count => _count;

    public override bool CanFailWhenRead => false;

    public override int GetClassIndex(int record) =>
        _classIndices is null ? throw new InvalidOperationException($"'{_imagesFile}' is unlabeled.") : _classIndices[record];

    public override string GetRecordPath(int record) => $"{_imagesFile}#{record}";

    public override IImageRecordReader OpenReader() => new Reader(_imagesFile);

    /// <summary>
    /// Opens an image file and, unless <paramref name="labelsFilePath"/> is null, its label file; class names come
    /// from class_names.txt beside the image file when it exists.
    /// </summary>
    public static Stl10Store Open(string imagesFilePath, string? labelsFilePath)
    {
        string imagesFile = BinaryRecordFiles.RequireFile(imagesFilePath);
        int count = BinaryRecordFiles.CountRecords(imagesFile, RecordSize, RecordDescription);
        if (labelsFilePath is null)
            return new Stl10Store(imagesFile, count, classIndices: null, classNames: null);

        string namesFile = Path.Combine(Path.GetDirectoryName(imagesFile)!, ClassNamesFileName);
        IReadOnlyList<string> classNames = BinaryRecordFiles.ReadClassNames(namesFile, StandardClassNames);
        string labelsFile = BinaryRecordFiles.RequireFile(labelsFilePath);
        long labelCount = new FileInfo(labelsFile).Length;
        if (labelCount != count)
        {
            throw new InvalidDataException(
                $"STL-10 label file '{labelsFile}' is {labelCount} bytes long; expected {count}, one label byte for " +
                $"each of the {count} images in '{imagesFile}'.");
        }

        byte[] labels = File.ReadAllBytes(labelsFile);
        for (int r = 0; r < labels.Length; r++)
        {
            if (labels[r] < 1 || labels[r] > classNames.Count)
            {
                throw new InvalidDataException(
                    $"STL-10 label file '{labelsFile}' record {r} has label byte {labels[r]}; expected 1 to " +
                    $"{classNames.Count} (STL-10 labels are 1-based).");
            }

            labels[r] -= 1;
        }

        return new Stl10Store(imagesFile, count, labels, classNames);
    }

    private sealed class Reader : IImageRecordReader
    {
        private readonly string _imagesFile;
        private readonly byte[] _record = new byte[RecordSize];
        private FileStream? _stream;

        public Reader(string imagesFile) => _imagesFile = imagesFile;

        public void Read(int record, BgraPixelBuffer destination)
        {
            _stream ??= BinaryRecordFiles.OpenForRecords(_imagesFile);
            BinaryRecordFiles.ReadRecord(_stream, record, RecordSize, _record);

            destination.Resize(Side, Side);
            PlanarPixels.ToBgra(_record, Side, Side, columnMajor: true, destination.Pixels);
        }

        public void Dispose() => _stream?.Dispose();
    }
}
