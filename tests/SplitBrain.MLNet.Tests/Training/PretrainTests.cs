using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.MLNet.Tests.Networks;
using SplitBrain.MLNet.Tests.TestData;
using Xunit;

namespace SplitBrain.MLNet.Tests.Training;

[Collection(GlobalTorchSeedCollection.Name)]
public class PretrainTests
{
    private static IDataView Quantized(MLContext ml, int count, int seed) =>
        ml.Transforms.LabQuantize(gridSize: 8).Fit(ml.Data.LoadFromEnumerable(LearnableColourImages.Rows(1, seed)))
            .Transform(ml.Data.LoadFromEnumerable(LearnableColourImages.Rows(count, seed)));

    private static SplitBrainPretrainEstimator.Options Options(int epochs, int seed = 7, string? checkpoints = null) => new()
    {
        Epochs = epochs,
        BatchSize = 16,
        LearningRate = 3e-3,
        Seed = seed,
        Device = ComputeDevice.Cpu,
        CheckpointFolder = checkpoints,
    };

    [Fact]
    public void BothLossesFallOnALearnableColourPattern()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.SplitBrainPretrain(Options(epochs: 6));
        using var model = estimator.Fit(Quantized(ml, 96, seed: 100));

        var first = estimator.History[0].Values;
        var last = estimator.History[^1].Values;
        // Uniform guesses over 100 classes cost ln(100) = 4.6 per cell. Both losses must keep falling after the first
        // epoch. The square's colour follows from its lightness, so the single net gets far below uniform; the grey
        // background's lightness is random and colourless, so the pair net's floor is higher.
        Assert.True(last["single"] < first["single"] * 0.8, $"single loss {first["single"]} -> {last["single"]}");
        Assert.True(last["pair"] < first["pair"] * 0.8, $"pair loss {first["pair"]} -> {last["pair"]}");
        Assert.True(last["single"] < 0.5 * Math.Log(100) && last["pair"] < 0.75 * Math.Log(100),
            $"final losses {last["single"]}, {last["pair"]}");
    }

    [Fact]
    public void SameSeedAndDataGiveIdenticalLossesAndWeights()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Quantized(ml, 40, seed: 200);
        var a = ml.Transforms.SplitBrainPretrain(Options(epochs: 2));
        var b = ml.Transforms.SplitBrainPretrain(Options(epochs: 2));
        using var modelA = a.Fit(data);
        using var modelB = b.Fit(data);

        Assert.Equal(a.History.Select(h => h.Values["single"]), b.History.Select(h => h.Values["single"]));
        Assert.Equal(a.History.Select(h => h.Values["pair"]), b.History.Select(h => h.Values["pair"]));
        Assert.Equal(WeightBytes(modelA), WeightBytes(modelB));
    }

    [Fact]
    public void OneEpochThenResumingGivesTheSameWeightsAsTwoEpochsStraight()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Quantized(ml, 40, seed: 300);
        string folder = Path.Combine(Path.GetTempPath(), $"sb-resume-{Guid.NewGuid():N}");
        try
        {
            using var straight = ml.Transforms.SplitBrainPretrain(Options(epochs: 2)).Fit(data);

            var first = ml.Transforms.SplitBrainPretrain(Options(epochs: 1, checkpoints: folder));
            first.Fit(data).Dispose();
            Assert.Single(first.CheckpointsWritten);

            var resumedOptions = Options(epochs: 2, seed: 7);
            resumedOptions.ResumeFrom = folder;
            // Another global seed before resuming: the checkpoint's random state must win.
            TorchSharp.torch.random.manual_seed(12345);
            using var resumed = ml.Transforms.SplitBrainPretrain(resumedOptions).Fit(data);

            Assert.Equal(WeightBytes(straight), WeightBytes(resumed));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FeaturesHaveTheDocumentedWidthAndDoNotDependOnOtherRows()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Quantized(ml, 8, seed: 400);
        using var model = ml.Transforms.SplitBrainPretrain(Options(epochs: 1)).Fit(data);

        Assert.Equal((100 + 100) * 8 * 8, model.FeatureWidth);
        var all = model.Transform(data).GetColumn<VBuffer<float>>(ColumnNames.Features).Select(v => v.DenseValues().ToArray()).ToList();
        var alone = model.Transform(ml.Data.TakeRows(ml.Data.SkipRows(data, 3), 1))
            .GetColumn<VBuffer<float>>(ColumnNames.Features).Select(v => v.DenseValues().ToArray()).Single();
        Assert.Equal(12800, all[3].Length);
        Assert.Equal(all[3], alone);
        Assert.NotEqual(all[2], all[3]);
    }

    [Fact]
    public void SavedPipelineReloadsInANewContextWithBitIdenticalFeatures()
    {
        var ml = new MLContext(seed: 1);
        var rows = LearnableColourImages.Rows(6, seed: 500);
        IDataView images = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.LabQuantize(gridSize: 8)
            .Append(ml.Transforms.SplitBrainPretrain(new SplitBrainPretrainEstimator.Options
            {
                Epochs = 1, BatchSize = 4, Device = ComputeDevice.Cpu, FeatureKind = SplitBrainFeatureKind.PooledHidden,
                FeatureColumnName = "Pooled",
            }));
        var model = pipeline.Fit(images);
        string path = Path.Combine(Path.GetTempPath(), $"sb-pretrain-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.SaveAtomically(model, images.Schema, path);
            var fresh = new MLContext(seed: 2);
            var loaded = fresh.Model.Load(path, out _);
            var expected = model.Transform(images).GetColumn<VBuffer<float>>("Pooled").Select(v => v.DenseValues().ToArray()).ToList();
            var actual = loaded.Transform(fresh.Data.LoadFromEnumerable(rows)).GetColumn<VBuffer<float>>("Pooled")
                .Select(v => v.DenseValues().ToArray()).ToList();
            Assert.Equal(192, expected[0].Length);
            Assert.Equal(expected, actual);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingColumnIsRejectedByName()
    {
        var ml = new MLContext(seed: 1);
        IDataView images = ml.Data.LoadFromEnumerable(LearnableColourImages.Rows(4, seed: 1));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.SplitBrainPretrain(Options(1)).Fit(images));
        Assert.Contains("'SingleChannel'", ex.Message);
        Assert.Contains("LabQuantize", ex.Message);
    }

    [Fact]
    public void ZeroRowsIsAnError()
    {
        var ml = new MLContext(seed: 1);
        IDataView empty = ml.Transforms.LabQuantize(gridSize: 8).Fit(ml.Data.LoadFromEnumerable(LearnableColourImages.Rows(1, 1)))
            .Transform(ml.Data.LoadFromEnumerable(new List<ImageRow>()));
        var ex = Assert.Throws<ArgumentException>(() => ml.Transforms.SplitBrainPretrain(Options(1)).Fit(empty));
        Assert.Contains("no rows", ex.Message);
    }

    [Fact]
    public void NonFiniteLossStopsTrainingNamingEpochAndStep()
    {
        var ml = new MLContext(seed: 1);
        var options = Options(epochs: 1);
        options.LearningRate = 1e30;
        var ex = Assert.Throws<InvalidOperationException>(() => ml.Transforms.SplitBrainPretrain(options).Fit(Quantized(ml, 48, seed: 1)));
        Assert.Matches(@"epoch 1, step \d+", ex.Message);
    }

    [Fact]
    public void WithoutACheckpointFolderNoCheckpointIsReported()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.SplitBrainPretrain(Options(epochs: 2));
        using var model = estimator.Fit(Quantized(ml, 16, seed: 1));
        Assert.Empty(estimator.CheckpointsWritten);
    }

    [Fact]
    public void ProgressIsLoggedThroughTheMLContext()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        using var model = ml.Transforms.SplitBrainPretrain(Options(epochs: 1)).Fit(Quantized(ml, 16, seed: 1));
        Assert.Contains(messages, m => m.Contains("Epoch 1/1 finished") && m.Contains("images/s") && m.Contains("single") && m.Contains("pair"));
    }

    internal static byte[] WeightBytes(SplitBrainPretrainTransformer model) =>
        MLNet.Training.TrainingLoop.WeightBytes(model.Network);
}
