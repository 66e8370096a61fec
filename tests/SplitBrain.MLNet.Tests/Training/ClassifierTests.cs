using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.MLNet.Tests.Networks;
using SplitBrain.MLNet.Tests.TestData;
using SplitBrain.MLNet.Training;
using Xunit;

namespace SplitBrain.MLNet.Tests.Training;

/// <summary>A labeled image row: the class decides the square's colour, so the classes are separable.</summary>
public sealed class LabeledImageRow
{
    [Microsoft.ML.Transforms.Image.ImageType(32, 32)]
    public MLImage Image { get; set; } = null!;

    public string Class { get; set; } = "";
}

[Collection(GlobalTorchSeedCollection.Name)]
public class ClassifierTests
{
    private static readonly string[] Classes = { "blue", "green", "yellow" };

    internal static List<LabeledImageRow> Rows(int perClass, int seed)
    {
        var rows = new List<LabeledImageRow>();
        for (int i = 0; i < perClass * Classes.Length; i++)
        {
            int cls = i % Classes.Length;
            var rgb = ClassImage(32, cls, seed + i);
            rows.Add(new LabeledImageRow { Image = GeneratedImages.ToImage(rgb, 32, 32), Class = Classes[cls] });
        }
        return rows;
    }

    private static byte[] ClassImage(int size, int cls, int seed)
    {
        var random = new Random(seed);
        byte[][] colours = { new byte[] { 20, 30, 160 }, new byte[] { 30, 170, 50 }, new byte[] { 240, 220, 30 } };
        var rgb = new byte[size * size * 3];
        Array.Fill(rgb, (byte)random.Next(80, 180));
        int side = size / 2, top = random.Next(size - side), left = random.Next(size - side);
        for (int y = top; y < top + side; y++)
        for (int x = left; x < left + side; x++)
            colours[cls].CopyTo(rgb, (y * size + x) * 3);
        return rgb;
    }

    internal static IDataView Prepare(MLContext ml, List<LabeledImageRow> rows, ColorSpace space = ColorSpace.Lab)
    {
        IDataView raw = ml.Data.LoadFromEnumerable(rows);
        var prep = ml.Transforms.Conversion.MapValueToKey("Label", "Class", keyData: ml.Data.LoadFromEnumerable(
                Classes.Select(c => new LabeledImageRow { Class = c, Image = rows[0].Image })).Take(ml, "Class"))
            .Append(ml.Transforms.LabQuantize(colorSpace: space, gridSize: 8));
        return prep.Fit(raw).Transform(raw);
    }

    private static SplitBrainClassifierTrainer.Options ScratchOptions(int epochs, IDataView? validation = null) => new()
    {
        FromScratch = true,
        FeatureKind = SplitBrainFeatureKind.PooledHidden,
        Epochs = epochs,
        BatchSize = 8,
        LearningRate = 3e-3,
        Seed = 3,
        Device = ComputeDevice.Cpu,
        TopK = 2,
        ValidationData = validation,
    };

    [Fact]
    public void LearnsASeparableSetAndEvaluateReportsHighAccuracy()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = Prepare(ml, Rows(12, seed: 1));
        IDataView test = Prepare(ml, Rows(10, seed: 1000));
        var model = ml.MulticlassClassification.Trainers.SplitBrainClassifier(ScratchOptions(epochs: 8)).Fit(train);

        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test), topKPredictionCount: 2);
        Assert.True(metrics.MicroAccuracy > 0.9, $"micro accuracy {metrics.MicroAccuracy}");
        Assert.Equal(1.0, metrics.TopKAccuracy, 3);
    }

    [Fact]
    public void ScoreAndPredictedLabelFollowMLNetConventions()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = Prepare(ml, Rows(4, seed: 2));
        var model = ml.MulticlassClassification.Trainers.SplitBrainClassifier(ScratchOptions(epochs: 1)).Fit(train);
        IDataView scored = model.Transform(train);

        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        scored.Schema[ColumnNames.Score].GetSlotNames(ref slotNames);
        Assert.Equal(Classes, slotNames.DenseValues().Select(s => s.ToString()));
        var scores = scored.GetColumn<VBuffer<float>>(ColumnNames.Score).Select(v => v.DenseValues().ToArray()).ToList();
        Assert.All(scores, s => Assert.Equal(1.0, s.Sum(), 4));

        var named = ml.Transforms.Conversion.MapKeyToValue("PredictedName", ColumnNames.PredictedLabel).Fit(scored).Transform(scored);
        var predicted = named.GetColumn<ReadOnlyMemory<char>>("PredictedName").Select(p => p.ToString()).ToList();
        for (int i = 0; i < scores.Count; i++)
            Assert.Equal(Classes[Array.IndexOf(scores[i], scores[i].Max())], predicted[i]);
    }

    [Fact]
    public void EarlyStoppingRestoresTheBestEpochsWeights()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = Prepare(ml, Rows(8, seed: 3));
        IDataView validation = Prepare(ml, Rows(4, seed: 500));
        var options = ScratchOptions(epochs: 6, validation);
        options.EarlyStoppingPatience = 1;
        options.LearningRate = 3e-2; // large steps make validation accuracy move up and down
        var trainer = ml.MulticlassClassification.Trainers.SplitBrainClassifier(options);
        var model = trainer.Fit(train);

        double best = trainer.History.Max(h => h.Values["top1"]);
        int bestEpoch = trainer.History.First(h => h.Values["top1"] == best).Epoch;
        Assert.Equal(bestEpoch, trainer.BestEpoch);
        // The returned model scores exactly the best epoch's validation top-1.
        var reader = new BatchReader(validation, new[]
        {
            new BatchColumn(ColumnNames.SingleChannel, BatchColumnKind.FloatVector, 1024),
            new BatchColumn(ColumnNames.PairChannels, BatchColumnKind.FloatVector, 2048),
            new BatchColumn(ColumnNames.Label, BatchColumnKind.Key, 1),
        }, 8);
        var (top1, _) = SplitBrainClassifierFitter.Evaluate(model.Network, reader, TorchSharp.torch.CPU, 32, 1024, 2);
        Assert.Equal(best, top1, 6);
    }

    [Fact]
    public void TiedScoresNeverCountAsTopKHits()
    {
        using var scores = TorchSharp.torch.zeros(4, 5);
        using var labels = TorchSharp.torch.tensor(new long[] { 0, 1, 2, 4 });
        var (top1, top4) = TopKAccuracy.CountHits(scores, labels, 4);
        Assert.Equal(0, top1);
        Assert.Equal(0, top4);

        using var ranked = TorchSharp.torch.tensor(new float[] { 0.1f, 0.5f, 0.4f, 0.9f, 0.2f }).view(1, 5);
        using var label = TorchSharp.torch.tensor(new long[] { 2 });
        Assert.Equal((0L, 1L), TopKAccuracy.CountHits(ranked, label, 3));
        Assert.Equal((0L, 0L), TopKAccuracy.CountHits(ranked, label, 2));
    }

    [Fact]
    public void PredictionsDoNotDependOnTheOtherImagesInTheBatch()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = Prepare(ml, Rows(4, seed: 4));
        var options = ScratchOptions(epochs: 1);
        options.Head = ClassifierHeadKind.Mlp;
        var model = ml.MulticlassClassification.Trainers.SplitBrainClassifier(options).Fit(train);

        var all = model.Transform(train).GetColumn<VBuffer<float>>(ColumnNames.Score).Select(v => v.DenseValues().ToArray()).ToList();
        var single = model.Transform(ml.Data.TakeRows(ml.Data.SkipRows(train, 5), 1))
            .GetColumn<VBuffer<float>>(ColumnNames.Score).Select(v => v.DenseValues().ToArray()).Single();
        Assert.Equal(all[5], single);
    }

    [Fact]
    public void SavedClassifierReloadsWithBitIdenticalScores()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(3, seed: 5);
        IDataView train = Prepare(ml, rows);
        var model = ml.MulticlassClassification.Trainers.SplitBrainClassifier(ScratchOptions(epochs: 1)).Fit(train);
        string path = Path.Combine(Path.GetTempPath(), $"sb-cls-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.SaveAtomically(model, train.Schema, path);
            var fresh = new MLContext(seed: 9);
            var loaded = fresh.Model.LoadChecked(path, out _);
            var expected = model.Transform(train).GetColumn<VBuffer<float>>(ColumnNames.Score).Select(v => v.DenseValues().ToArray()).ToList();
            var actual = loaded.Transform(train).GetColumn<VBuffer<float>>(ColumnNames.Score).Select(v => v.DenseValues().ToArray()).ToList();
            Assert.Equal(expected, actual);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BadInputsAreRejectedBeforeTraining()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = Prepare(ml, Rows(2, seed: 6));
        var trainers = ml.MulticlassClassification.Trainers;

        var missing = ScratchOptions(1);
        missing.LabelColumnName = "Nope";
        Assert.Contains("'Nope'", Assert.ThrowsAny<ArgumentException>(() => trainers.SplitBrainClassifier(missing).Fit(train)).Message);

        var notKey = ScratchOptions(1);
        notKey.LabelColumnName = "Class";
        Assert.Contains("must be a key", Assert.ThrowsAny<ArgumentException>(() => trainers.SplitBrainClassifier(notKey).Fit(train)).Message);

        var bigK = ScratchOptions(1);
        bigK.TopK = 3;
        bigK.ValidationData = train; // k is checked against the classes only where it is used: on validation data
        Assert.Contains("only 3 classes", Assert.ThrowsAny<ArgumentException>(() => trainers.SplitBrainClassifier(bigK).Fit(train)).Message);

        IDataView noYellow = ml.Data.FilterByCustomPredicate<LabeledImageRow>(ml.Data.LoadFromEnumerable(Rows(2, seed: 6)), r => r.Class == "yellow");
        var prepared = Prepare(ml, ml.Data.CreateEnumerable<LabeledImageRow>(noYellow, reuseRowObject: false).ToList());
        Assert.Contains("'yellow'", Assert.ThrowsAny<ArgumentException>(() => trainers.SplitBrainClassifier(ScratchOptions(1)).Fit(prepared)).Message);

        Assert.Contains("exactly one starting point", Assert.ThrowsAny<ArgumentException>(
            () => trainers.SplitBrainClassifier(new SplitBrainClassifierTrainer.Options())).Message);
    }

    [Fact]
    public void PretrainedModelWhoseChannelGroupsDoNotMatchTheDataIsRejected()
    {
        var ml = new MLContext(seed: 1);
        IDataView lab = Prepare(ml, Rows(2, seed: 7));
        IDataView rgb = Prepare(ml, Rows(2, seed: 7), ColorSpace.Rgb);
        using var pretrained = ml.Transforms.SplitBrainPretrain(new SplitBrainPretrainEstimator.Options
        {
            Epochs = 1, BatchSize = 4, Device = ComputeDevice.Cpu,
        }).Fit(lab);
        var options = new SplitBrainClassifierTrainer.Options { Pretrained = pretrained, Epochs = 1, TopK = 2, Device = ComputeDevice.Cpu };
        var ex = Assert.ThrowsAny<ArgumentException>(() => ml.MulticlassClassification.Trainers.SplitBrainClassifier(options).Fit(rgb));
        Assert.Contains("channel groups", ex.Message);
        Assert.Contains("Lab vs Rgb", ex.Message);
    }
}

internal static class KeyDataExtensions
{
    /// <summary>Just the named column of a view, for MapValueToKey's keyData.</summary>
    public static IDataView Take(this IDataView data, MLContext ml, string column) =>
        ml.Transforms.SelectColumns(column).Fit(data).Transform(data);
}
