using Microsoft.ML;
using Microsoft.ML.Data;

namespace SplitBrain.MLNet.Tests.Data;

/// <summary>
/// A temporary folder for one test, deleted on dispose, with writers for the tiny datasets the data tests use.
/// Every pixel value is a known function of its position, so tests can tell row-major from column-major.
/// </summary>
internal sealed class DataTestFiles : IDisposable
{
    public DataTestFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "splitbrain-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());

    /// <summary>
    /// Writes a lossless PNG (or WebP) of <paramref name="width"/>×<paramref name="height"/> whose pixel (x, y) is
    /// red = <paramref name="tag"/>, green = 10·x, blue = 10·y, fully opaque. Creates the folders on the way.
    /// </summary>
    public string WriteImage(string relativePath, byte tag, int width = 4, int height = 3)
    {
        string path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bgra = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 4;
                bgra[i] = (byte)(10 * y);
                bgra[i + 1] = (byte)(10 * x);
                bgra[i + 2] = tag;
                bgra[i + 3] = 255;
            }
        }

        using MLImage image = MLImage.CreateFromPixels(width, height, MLPixelFormat.Bgra32, bgra);
        image.Save(path);
        return path;
    }

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        string path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>CIFAR-10 red/green/blue value of pixel (x, y) of record <paramref name="record"/>.</summary>
    public static byte CifarValue(int plane, int x, int y, int record) => (byte)(x + 3 * y + 50 * plane + 7 * record);

    /// <summary>Writes CIFAR-10 records with the given labels and pixel values <see cref="CifarValue"/>.</summary>
    public string WriteCifarBatch(string relativePath, IReadOnlyList<byte> labels, int firstRecordTag = 0)
    {
        var bytes = new byte[labels.Count * 3073];
        for (int r = 0; r < labels.Count; r++)
        {
            int record = r * 3073;
            bytes[record] = labels[r];
            for (int plane = 0; plane < 3; plane++)
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++)
                        bytes[record + 1 + plane * 1024 + y * 32 + x] = CifarValue(plane, x, y, firstRecordTag + r);
        }

        return WriteBytes(relativePath, bytes);
    }

    /// <summary>STL-10 red/green/blue value of pixel (x, y) of image <paramref name="record"/>.</summary>
    public static byte StlValue(int plane, int x, int y, int record) => (byte)(x + 2 * y + 40 * plane + 11 * record);

    /// <summary>One STL-10 image record: planes in R, G, B order, each column-major (x·96 + y).</summary>
    public static byte[] StlRecord(int record)
    {
        var bytes = new byte[3 * 96 * 96];
        for (int plane = 0; plane < 3; plane++)
            for (int x = 0; x < 96; x++)
                for (int y = 0; y < 96; y++)
                    bytes[plane * 9216 + x * 96 + y] = StlValue(plane, x, y, record);
        return bytes;
    }

    public string WriteStlImages(string relativePath, int count) =>
        WriteBytes(relativePath, Enumerable.Range(0, count).SelectMany(StlRecord).ToArray());

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the test result stands.
        }
    }
}

/// <summary>One row read back from a data view.</summary>
internal sealed record ReadRow(string Path, uint LabelKey, int Width, int Height, byte[] Bgra, ulong RowId);

internal static class DataViewReading
{
    /// <summary>Reads every row, in stored order or the order drawn from <paramref name="rand"/>.</summary>
    public static List<ReadRow> ReadAll(IDataView view, Random? rand = null, bool withImages = true)
    {
        var columns = view.Schema.Where(c => withImages || c.Name != "Image").ToArray();
        var rows = new List<ReadRow>();
        using DataViewRowCursor cursor = view.GetRowCursor(columns, rand);
        ValueGetter<MLImage>? image = withImages ? cursor.GetGetter<MLImage>(view.Schema["Image"]) : null;
        DataViewSchema.Column? labelColumn = view.Schema.GetColumnOrNull("Label");
        ValueGetter<uint>? label = labelColumn is null ? null : cursor.GetGetter<uint>(labelColumn.Value);
        ValueGetter<ReadOnlyMemory<char>> path = cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema["ImagePath"]);
        ValueGetter<DataViewRowId> id = cursor.GetIdGetter();
        MLImage? value = null;
        while (cursor.MoveNext())
        {
            ReadOnlyMemory<char> pathText = default;
            uint key = 0;
            DataViewRowId rowId = default;
            path(ref pathText);
            label?.Invoke(ref key);
            id(ref rowId);
            int width = 0, height = 0;
            byte[] bgra = Array.Empty<byte>();
            if (image is not null)
            {
                image(ref value!);
                width = value.Width;
                height = value.Height;
                bgra = value.Pixels.ToArray();
            }

            rows.Add(new ReadRow(pathText.ToString(), key, width, height, bgra, rowId.Low));
        }

        value?.Dispose();
        return rows;
    }

    /// <summary>The class names attached to the label column as key-value annotations.</summary>
    public static string[] KeyValues(IDataView view, string labelColumnName = "Label")
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        view.Schema[labelColumnName].GetKeyValues(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    /// <summary>Blue, green, red of pixel (x, y) of a BGRA row.</summary>
    public static (byte B, byte G, byte R) Pixel(ReadRow row, int x, int y)
    {
        int i = (y * row.Width + x) * 4;
        return (row.Bgra[i], row.Bgra[i + 1], row.Bgra[i + 2]);
    }
}
