using Microsoft.ML;
using Xunit;

namespace SplitBrain.MLNet.Tests.Data;

public class StratifiedSamplerTests
{
    private static readonly MLContext Context = new(seed: 1);

    /// <summary>A CIFAR-style binary set: class c has 20 + 2c records, interleaved.</summary>
    private static ImageDataView UnevenSet(DataTestFiles files)
    {
        var labels = new List<byte>();
        for (int round = 0; round < 38; round++)
            for (byte c = 0; c < 10; c++)
                if (round < 20 + 2 * c)
                    labels.Add(c);
        return ImageDataSources.LoadCifar10Binary(Context, new[] { files.WriteCifarBatch("set.bin", labels) });
    }

    private static Dictionary<uint, List<string>> PathsByLabel(IDataView view) =>
        DataViewReading.ReadAll(view, withImages: false)
            .GroupBy(r => r.LabelKey)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Path).ToList());

    private static string[] SampledPaths(ImageDataView data, int rowsPerClass, int seed) =>
        DataViewReading.ReadAll(StratifiedSampler.SamplePerClass(data, rowsPerClass, seed), withImages: false)
            .Select(r => r.Path).ToArray();

    [Fact]
    public void SamplePerClassGivesExactlyNRowsOfEveryClass()
    {
        using var files = new DataTestFiles();
        ImageDataView sample = StratifiedSampler.SamplePerClass(UnevenSet(files), rowsPerClass: 7, seed: 3);

        Dictionary<uint, List<string>> byLabel = PathsByLabel(sample);

        Assert.Equal(70, sample.GetRowCount());
        Assert.Equal(Enumerable.Range(1, 10).Select(k => (uint)k), byLabel.Keys.Order());
        Assert.All(byLabel.Values, paths => Assert.Equal(7, paths.Distinct().Count()));
    }

    [Fact]
    public void SameSeedGivesSameRowsAndOtherSeedOtherRows()
    {
        using var files = new DataTestFiles();
        ImageDataView data = UnevenSet(files);

        string[] first = SampledPaths(data, 5, seed: 11);
        string[] again = SampledPaths(data, 5, seed: 11);
        string[] other = SampledPaths(data, 5, seed: 12);
        string[] larger = SampledPaths(data, 8, seed: 11);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Subset(larger.ToHashSet(), first.ToHashSet());
    }

    [Fact]
    public void SplitIsDisjointWithExactCountsAndHoldsOutTheLastFilesOfEachClass()
    {
        using var files = new DataTestFiles();
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 12 + c; i++)
                files.WriteImage($"class{c}/img{i:D2}.png", tag: (byte)i, width: 2, height: 2);
        ImageDataView data = ImageDataSources.LoadImageFolder(Context, files.Root);

        StratifiedSplit split = StratifiedSampler.Split(data, new StratifiedSplitOptions
        {
            TrainRowsPerClass = 5, ValidationRowsPerClass = 3, HeldOutRowsPerClass = 2, Seed = 4,
        });
        Dictionary<uint, List<string>> train = PathsByLabel(split.Train);
        Dictionary<uint, List<string>> validation = PathsByLabel(split.Validation);
        Dictionary<uint, List<string>> heldOut = PathsByLabel(split.HeldOut);

        for (uint key = 1; key <= 3; key++)
        {
            Assert.Equal(5, train[key].Count);
            Assert.Equal(3, validation[key].Count);
            int last = 12 + (int)key - 1 - 1;
            Assert.Equal(new[] { $"img{last - 1:D2}.png", $"img{last:D2}.png" }, heldOut[key].Select(Path.GetFileName));
        }

        string[] all = new[] { split.Train, split.Validation, split.HeldOut }
            .SelectMany(v => DataViewReading.ReadAll(v, withImages: false)).Select(r => r.Path).ToArray();
        Assert.Equal(3 * 10, all.Length);
        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.Equal(data.Schema["Label"].Type, split.Validation.Schema["Label"].Type);
    }

    [Fact]
    public void ClassWithTooFewRowsIsAnErrorNamingTheClassAndBothCounts()
    {
        using var files = new DataTestFiles();
        ImageDataView data = UnevenSet(files);

        var error = Assert.Throws<ArgumentException>(() => StratifiedSampler.SamplePerClass(data, rowsPerClass: 21, seed: 0));

        // Class 0 ("airplane") has 20 records.
        Assert.Contains("'airplane'", error.Message);
        Assert.Contains("has 20 rows", error.Message);
        Assert.Contains("21 were requested", error.Message);
    }

    [Fact]
    public void UnlabeledDataCannotBeSampled()
    {
        using var files = new DataTestFiles();
        files.WriteImage("u/a.png", tag: 0);
        ImageDataView data = ImageDataSources.LoadUnlabeledImageFolder(Context, files.PathOf("u"));

        var error = Assert.Throws<ArgumentException>(() => StratifiedSampler.SamplePerClass(data, 1, 0));

        Assert.Contains("unlabeled", error.Message);
        Assert.Contains(files.PathOf("u"), error.Message);
    }
}
