using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using Xunit;

namespace SplitBrain.MLNet.Tests.Data;

public class ImageFolderSourceTests
{
    private static readonly MLContext Context = new(seed: 1);

    [Fact]
    public void LabeledFolderListsClassesOrdinallyAndFilesByRelativePathRecursively()
    {
        using var files = new DataTestFiles();
        // "Zebra" sorts before "apple" under ordinal comparison (uppercase first).
        files.WriteImage("train/apple/b.png", tag: 1);
        files.WriteImage("train/apple/a.PNG", tag: 2);
        files.WriteImage("train/apple/deeper/c.png", tag: 3);
        files.WriteImage("train/Zebra/z.webp", tag: 4);
        files.WriteBytes("train/apple/notes.txt", new byte[] { 1, 2, 3 });

        ImageDataView view = ImageDataSources.LoadImageFolder(Context, files.PathOf("train"));
        List<ReadRow> rows = DataViewReading.ReadAll(view);

        Assert.Equal(new[] { "Zebra", "apple" }, view.ClassNames);
        Assert.Equal(new[] { "Zebra", "apple" }, DataViewReading.KeyValues(view));
        Assert.Equal(4, view.GetRowCount());
        Assert.Equal(
            new[] { "Zebra/z.webp", "apple/a.PNG", "apple/b.png", "apple/deeper/c.png" },
            rows.Select(r => Path.GetRelativePath(files.PathOf("train"), r.Path).Replace('\\', '/')));
        Assert.Equal(new uint[] { 1, 2, 2, 2 }, rows.Select(r => r.LabelKey));
        Assert.Equal(new byte[] { 4, 2, 1, 3 }, rows.Select(r => DataViewReading.Pixel(r, 0, 0).R));
    }

    [Fact]
    public void SchemaFollowsTheColumnContract()
    {
        using var files = new DataTestFiles();
        files.WriteImage("c0/a.png", tag: 0);
        files.WriteImage("c1/a.png", tag: 0);
        files.WriteImage("c2/a.png", tag: 0);

        ImageDataView view = ImageDataSources.LoadImageFolder(Context, files.Root);

        Assert.Equal(new[] { "Image", "Label", "ImagePath" }, view.Schema.Select(c => c.Name));
        Assert.IsType<ImageDataViewType>(view.Schema["Image"].Type);
        var key = Assert.IsType<KeyDataViewType>(view.Schema["Label"].Type);
        Assert.Equal(typeof(uint), key.RawType);
        Assert.Equal(3UL, key.Count);
        Assert.Equal(TextDataViewType.Instance, view.Schema["ImagePath"].Type);
        Assert.True(view.CanShuffle);
    }

    [Fact]
    public void DecodedPixelsMatchWhatWasWritten()
    {
        using var files = new DataTestFiles();
        files.WriteImage("only/a.png", tag: 77, width: 5, height: 7);
        files.WriteImage("other/b.png", tag: 1);

        ReadRow row = DataViewReading.ReadAll(ImageDataSources.LoadImageFolder(Context, files.Root))[0];

        Assert.Equal((5, 7), (row.Width, row.Height));
        for (int y = 0; y < 7; y++)
            for (int x = 0; x < 5; x++)
                Assert.Equal(((byte)(10 * y), (byte)(10 * x), (byte)77), DataViewReading.Pixel(row, x, y));
    }

    [Fact]
    public void CustomColumnNamesAndNoPathColumnAreHonoured()
    {
        using var files = new DataTestFiles();
        files.WriteImage("a/1.png", tag: 0);
        files.WriteImage("b/1.png", tag: 0);
        var options = new ImageDataSourceOptions
        {
            ImageColumnName = "Picture", LabelColumnName = "Class", ImagePathColumnName = null,
        };

        ImageDataView view = ImageDataSources.LoadImageFolder(Context, files.Root, options);

        Assert.Equal(new[] { "Picture", "Class" }, view.Schema.Select(c => c.Name));
        Assert.Equal("Class", view.LabelColumnName);
        Assert.Null(view.ImagePathColumnName);
    }

    [Fact]
    public void UnlabeledFolderHasNoLabelColumnAndFindsImagesRecursively()
    {
        using var files = new DataTestFiles();
        files.WriteImage("u/x/2.png", tag: 2);
        files.WriteImage("u/1.png", tag: 1);
        files.WriteImage("u/x/y/3.jpg", tag: 3);

        ImageDataView view = ImageDataSources.LoadUnlabeledImageFolder(Context, files.PathOf("u"));
        List<ReadRow> rows = DataViewReading.ReadAll(view);

        Assert.Null(view.ClassNames);
        Assert.Null(view.Schema.GetColumnOrNull("Label"));
        Assert.Equal(new[] { "1.png", "x/2.png", "x/y/3.jpg" },
            rows.Select(r => Path.GetRelativePath(files.PathOf("u"), r.Path).Replace('\\', '/')));
    }

    [Fact]
    public void NonAsciiAndSpaceContainingPathsWork()
    {
        using var files = new DataTestFiles();
        files.WriteImage("données d'été/猫 cat/image 1.png", tag: 9);
        files.WriteImage("données d'été/chien €/photo ü.jpeg", tag: 200);

        ImageDataView view = ImageDataSources.LoadImageFolder(Context, files.PathOf("données d'été"));
        List<ReadRow> rows = DataViewReading.ReadAll(view);

        Assert.Equal(new[] { "chien €", "猫 cat" }, view.ClassNames);
        Assert.Equal(files.PathOf("données d'été", "猫 cat", "image 1.png"), rows[1].Path);
        Assert.Equal(9, DataViewReading.Pixel(rows[1], 1, 1).R);
        // JPEG is lossy: the red channel of a flat-red image stays close to what was written.
        Assert.InRange(DataViewReading.Pixel(rows[0], 0, 0).R, 190, 210);
    }

    [Fact]
    public void ShuffledCursorsVisitAPermutationDeterminedByTheSeed()
    {
        using var files = new DataTestFiles();
        for (int i = 0; i < 30; i++)
            files.WriteImage($"c{i % 3}/{i:D2}.png", tag: (byte)i);
        ImageDataView view = ImageDataSources.LoadImageFolder(Context, files.Root);

        string[] stored = DataViewReading.ReadAll(view, withImages: false).Select(r => r.Path).ToArray();
        string[] first = DataViewReading.ReadAll(view, new Random(42), withImages: false).Select(r => r.Path).ToArray();
        string[] again = DataViewReading.ReadAll(view, new Random(42), withImages: false).Select(r => r.Path).ToArray();
        string[] other = DataViewReading.ReadAll(view, new Random(43), withImages: false).Select(r => r.Path).ToArray();

        Assert.Equal(first, again);
        Assert.NotEqual(stored, first);
        Assert.NotEqual(first, other);
        Assert.Equal(stored.Order(StringComparer.Ordinal), first.Order(StringComparer.Ordinal));
        Assert.Equal(30, first.Distinct().Count());
    }

    [Fact]
    public void LabelsMapBackToClassNamesThroughMlNet()
    {
        using var files = new DataTestFiles();
        files.WriteImage("cat/1.png", tag: 0);
        files.WriteImage("dog/1.png", tag: 0);
        files.WriteImage("dog/2.png", tag: 0);
        ImageDataView view = ImageDataSources.LoadImageFolder(Context, files.Root);

        IDataView mapped = Context.Transforms.Conversion.MapKeyToValue("LabelName", "Label").Fit(view).Transform(view);
        string[] names = mapped.GetColumn<ReadOnlyMemory<char>>("LabelName").Select(n => n.ToString()).ToArray();

        Assert.Equal(new[] { "cat", "dog", "dog" }, names);
    }

    [Fact]
    public void ReferenceLayoutIsRecognizedAndGivesThreeViews()
    {
        using var files = new DataTestFiles();
        files.WriteImage("supervised/train/a/1.png", tag: 0);
        files.WriteImage("supervised/train/b/1.png", tag: 0);
        files.WriteImage("supervised/train/b/2.png", tag: 0);
        files.WriteImage("supervised/val/a/1.png", tag: 0);
        files.WriteImage("supervised/val/b/1.png", tag: 0);
        files.WriteImage("unsupervised/x.png", tag: 0);
        files.WriteImage("unsupervised/more/y.png", tag: 0);

        Assert.True(ImageDataSources.IsReferenceLayout(files.Root));
        Assert.False(ImageDataSources.IsReferenceLayout(files.PathOf("supervised")));
        ReferenceLayoutDataViews views = ImageDataSources.LoadReferenceLayout(Context, files.Root);

        Assert.Equal(3, views.Train.GetRowCount());
        Assert.Equal(2, views.Validation.GetRowCount());
        Assert.Equal(2, views.Unsupervised.GetRowCount());
        Assert.Equal(new[] { "a", "b" }, views.Validation.ClassNames);
        Assert.Null(views.Unsupervised.ClassNames);
    }
}
