using Microsoft.ML;
using Microsoft.ML.Runtime;
using Xunit;

namespace SplitBrain.MLNet.Tests.Data;

public class BadInputTests
{
    private static readonly MLContext Context = new(seed: 1);

    [Fact]
    public void EmptyClassFolderNamesTheFolder()
    {
        using var files = new DataTestFiles();
        files.WriteImage("a/1.png", tag: 0);
        Directory.CreateDirectory(files.PathOf("b empty"));
        files.WriteBytes("b empty/readme.txt", new byte[] { 65 });

        var error = Assert.Throws<InvalidDataException>(() => ImageDataSources.LoadImageFolder(Context, files.Root));

        Assert.Contains(files.PathOf("b empty"), error.Message);
        Assert.Contains("no image files", error.Message);
    }

    [Fact]
    public void MissingFolderAndFolderWithoutClassesAreNamed()
    {
        using var files = new DataTestFiles();
        files.WriteImage("flat/1.png", tag: 0);

        var missing = Assert.Throws<DirectoryNotFoundException>(
            () => ImageDataSources.LoadImageFolder(Context, files.PathOf("nope")));
        var flat = Assert.Throws<InvalidDataException>(() => ImageDataSources.LoadImageFolder(Context, files.PathOf("flat")));

        Assert.Contains(files.PathOf("nope"), missing.Message);
        Assert.Contains(files.PathOf("flat"), flat.Message);
        Assert.Contains("no class subfolders", flat.Message);
    }

    [Fact]
    public void SingleClassFolderFailsTheClassifierCheck()
    {
        using var files = new DataTestFiles();
        files.WriteImage("only/1.png", tag: 0);
        ImageDataView single = ImageDataSources.LoadImageFolder(Context, files.Root);
        files.WriteImage("second/1.png", tag: 0);
        ImageDataView two = ImageDataSources.LoadImageFolder(Context, files.Root);

        var error = Assert.Throws<ArgumentException>(() => ImageDataSources.EnsureClassifierDataset(single));
        ImageDataSources.EnsureClassifierDataset(two);
        var unlabeled = Assert.Throws<ArgumentException>(() =>
            ImageDataSources.EnsureClassifierDataset(ImageDataSources.LoadUnlabeledImageFolder(Context, files.Root)));

        Assert.Contains(files.Root, error.Message);
        Assert.Contains("'only'", error.Message);
        Assert.Contains("at least 2", error.Message);
        Assert.Contains("no label column 'Label'", unlabeled.Message);
    }

    [Fact]
    public void BinaryFileOfPartialRecordsGivesLengthAndRecordSize()
    {
        using var files = new DataTestFiles();
        string cifar = files.WriteBytes("c.bin", new byte[3073 * 2 + 5]);
        string stl = files.WriteBytes("s_X.bin", new byte[27648 + 1]);

        var cifarError = Assert.Throws<InvalidDataException>(
            () => ImageDataSources.LoadCifar10Binary(Context, new[] { cifar }));
        var stlError = Assert.Throws<InvalidDataException>(
            () => ImageDataSources.LoadStl10Binary(Context, stl, null));

        Assert.Contains(cifar, cifarError.Message);
        Assert.Contains("6151 bytes", cifarError.Message);
        Assert.Contains("3073-byte", cifarError.Message);
        Assert.Contains(stl, stlError.Message);
        Assert.Contains("27649 bytes", stlError.Message);
        Assert.Contains("27648-byte", stlError.Message);
    }

    [Fact]
    public void MissingOrEmptyBinaryFilesAreNamed()
    {
        using var files = new DataTestFiles();
        string empty = files.WriteBytes("empty.bin", Array.Empty<byte>());
        string missing = files.PathOf("missing.bin");

        var emptyError = Assert.Throws<InvalidDataException>(
            () => ImageDataSources.LoadCifar10Binary(Context, new[] { empty }));
        var missingError = Assert.Throws<FileNotFoundException>(
            () => ImageDataSources.LoadCifar10Binary(Context, new[] { missing }));
        var noBatches = Assert.Throws<FileNotFoundException>(
            () => ImageDataSources.LoadCifar10Binary(Context, files.Root, Cifar10Split.Train));

        Assert.Contains(empty, emptyError.Message);
        Assert.Contains("empty", emptyError.Message);
        Assert.Equal(missing, missingError.FileName);
        Assert.Contains(missing, missingError.Message);
        Assert.Contains("data_batch_", noBatches.Message);
    }

    [Fact]
    public void LabelOutOfRangeNamesFileRecordAndValue()
    {
        using var files = new DataTestFiles();
        string cifar = files.WriteCifarBatch("c.bin", new byte[] { 0, 9, 10 });
        files.WriteStlImages("stl/train_X.bin", 3);
        string stlLabels = files.WriteBytes("stl/train_y.bin", new byte[] { 1, 0, 2 });
        files.WriteStlImages("stl2/train_X.bin", 1);
        files.WriteBytes("stl2/train_y.bin", new byte[] { 11 });
        files.WriteStlImages("stl3/train_X.bin", 2);
        string shortLabels = files.WriteBytes("stl3/train_y.bin", new byte[] { 1 });

        var cifarError = Assert.Throws<InvalidDataException>(
            () => ImageDataSources.LoadCifar10Binary(Context, new[] { cifar }));
        var stlZero = Assert.Throws<InvalidDataException>(
            () => ImageDataSources.LoadStl10Binary(Context, files.PathOf("stl"), Stl10Split.Train));
        var stlEleven = Assert.Throws<InvalidDataException>(
            () => ImageDataSources.LoadStl10Binary(Context, files.PathOf("stl2"), Stl10Split.Train));
        var stlShort = Assert.Throws<InvalidDataException>(
            () => ImageDataSources.LoadStl10Binary(Context, files.PathOf("stl3"), Stl10Split.Train));

        Assert.Contains(cifar, cifarError.Message);
        Assert.Contains("record 2", cifarError.Message);
        Assert.Contains("label byte 10", cifarError.Message);
        Assert.Contains(stlLabels, stlZero.Message);
        Assert.Contains("record 1", stlZero.Message);
        Assert.Contains("label byte 0", stlZero.Message);
        Assert.Contains("label byte 11", stlEleven.Message);
        Assert.Contains(shortLabels, stlShort.Message);
        Assert.Contains("expected 2", stlShort.Message);
    }

    [Fact]
    public void UnreadableImagesFailAtCursorTimeNamingTheFile()
    {
        using var files = new DataTestFiles();
        string good = files.WriteImage("a/good.png", tag: 0);
        string truncated = files.WriteImage("a/truncated.png", tag: 0, width: 40, height: 40);
        byte[] full = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, full[..(full.Length / 2)]);
        string empty = files.WriteBytes("b/empty.jpg", Array.Empty<byte>());
        string text = files.WriteBytes("b/text.jpg", System.Text.Encoding.ASCII.GetBytes("this is not a JPEG image at all"));
        string deleted = files.WriteImage("b/deleted.png", tag: 0);
        ImageDataView view = ImageDataSources.LoadImageFolder(Context, files.Root);
        File.Delete(deleted);

        Exception ErrorFor(string path)
        {
            int row = DataViewReading.ReadAll(view, withImages: false).FindIndex(r => r.Path == path);
            return Assert.ThrowsAny<Exception>(() => DataViewReading.ReadAll(view.Subset(new long[] { row })));
        }

        Assert.Single(DataViewReading.ReadAll(view.Subset(new long[] { 0 })), r => r.Path == good);
        Exception truncatedError = ErrorFor(truncated);
        Exception emptyError = ErrorFor(empty);
        Exception textError = ErrorFor(text);
        Exception deletedError = ErrorFor(deleted);

        Assert.IsType<InvalidDataException>(truncatedError);
        Assert.Contains(truncated, truncatedError.Message);
        Assert.Contains("truncated", truncatedError.Message);
        Assert.Contains(empty, emptyError.Message);
        Assert.Contains("empty", emptyError.Message);
        Assert.Contains(text, textError.Message);
        Assert.Contains("not an image", textError.Message);
        Assert.Equal(deleted, Assert.IsType<FileNotFoundException>(deletedError).FileName);
        Assert.Contains(deleted, deletedError.Message);
    }

    [Fact]
    public void SkipUnreadableFilesSkipsThemAndWarnsOncePerPassThatFindsThem()
    {
        using var files = new DataTestFiles();
        files.WriteImage("a/1.png", tag: 1);
        files.WriteImage("a/2.png", tag: 2);
        files.WriteBytes("a/3.png", Array.Empty<byte>());
        files.WriteImage("b/1.png", tag: 3);
        files.WriteBytes("b/2.jpg", new byte[] { 1, 2, 3 });
        files.WriteBytes("b/3.gif", new byte[] { 71, 73, 70 });
        var context = new MLContext(seed: 1);
        var logged = new List<string>();
        context.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning && e.Source == nameof(ImageDataView))
                logged.Add(e.RawMessage);
        };
        var callbacks = new List<string>();
        var options = new ImageDataSourceOptions { SkipUnreadableFiles = true, WarningCallback = callbacks.Add };
        ImageDataView view = ImageDataSources.LoadImageFolder(context, files.Root, options);

        List<ReadRow> firstPass = DataViewReading.ReadAll(view);
        List<ReadRow> secondPass = DataViewReading.ReadAll(view, new Random(1));

        Assert.Null(view.GetRowCount());
        Assert.Equal(6, view.ListedRowCount);
        Assert.Equal(new byte[] { 1, 2, 3 }, firstPass.Select(r => DataViewReading.Pixel(r, 0, 0).R));
        Assert.Equal(3, secondPass.Count);
        Assert.Equal(3, view.UnreadableFileCount);
        string warning = Assert.Single(logged);
        Assert.Equal(warning, Assert.Single(callbacks));
        Assert.Contains("Skipped 3 unreadable image file(s)", warning);
        Assert.Contains(files.Root, warning);
    }
}
