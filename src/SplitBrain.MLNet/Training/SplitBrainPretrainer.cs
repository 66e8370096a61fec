using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using SplitBrain.MLNet.Networks;
using SplitBrain.MLNet.Persistence;
using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Training;

/// <summary>The settings that shape a split-brain network, stored in checkpoints to rebuild it.</summary>
internal sealed record SplitBrainNetworkSettings(EncoderKind Encoder, int SingleBins, int PairBins, int ImageSize, int GridSize,
    ColorSpace ColorSpace = ColorSpace.Lab)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static SplitBrainNetworkSettings FromJson(string json, string description) =>
        JsonSerializer.Deserialize<SplitBrainNetworkSettings>(json)
        ?? throw new InvalidDataException($"{description}: the network settings are empty.");

    public SplitBrainNetwork Build() => new(Encoder, SingleBins, PairBins, ImageSize, GridSize);
}

/// <summary>Runs split-brain pretraining for <see cref="SplitBrainPretrainEstimator"/>.</summary>
internal sealed class SplitBrainPretrainer
{
    public const string CheckpointKind = "pretrain";
    private static readonly string[] LossNames = { "single", "pair" };

    private readonly IHostEnvironment _environment;
    private readonly SplitBrainPretrainEstimator.Options _options;

    public SplitBrainPretrainer(IHostEnvironment environment, SplitBrainPretrainEstimator.Options options)
    {
        _environment = environment;
        _options = options;
    }

    public IReadOnlyList<(int Epoch, Dictionary<string, double> Values)> History { get; private set; } =
        Array.Empty<(int, Dictionary<string, double>)>();

    public IReadOnlyList<string> CheckpointsWritten { get; private set; } = Array.Empty<string>();

    public SplitBrainPretrainTransformer Train(IDataView data)
    {
        var o = _options;
        var shape = PretrainInputShape.From(data.Schema, o.SingleChannelColumnName, o.PairChannelsColumnName,
            o.SingleLabelsColumnName, o.PairLabelsColumnName);
        var settings = new SplitBrainNetworkSettings(o.Encoder, shape.SingleClasses, shape.PairBins, shape.ImageSize, shape.GridSize,
            shape.ColorSpace);
        int cells = shape.GridSize * shape.GridSize, pixels = shape.ImageSize * shape.ImageSize;
        var reader = new BatchReader(data, new[]
        {
            new BatchColumn(o.SingleChannelColumnName, BatchColumnKind.FloatVector, pixels),
            new BatchColumn(o.PairChannelsColumnName, BatchColumnKind.FloatVector, 2 * pixels),
            new BatchColumn(o.SingleLabelsColumnName, BatchColumnKind.Int32Vector, cells),
            new BatchColumn(o.PairLabelsColumnName, BatchColumnKind.Int32Vector, cells),
        }, o.BatchSize);

        TrainingCheckpoint? resume = ResumeCheckpoint(o.ResumeFrom, settings);
        Device device = DeviceSelection.Resolve(o.Device, o.CudaDeviceId);
        DeviceSelection.ApplyThreadCount(o.Threads);
        torch.random.manual_seed(o.Seed);
        SplitBrainNetwork network = settings.Build();
        network.to(device);
        using var optimizer = optim.Adam(network.parameters(), o.LearningRate);

        using var reporter = new TrainingReporter(_environment, "SplitBrainPretrain", LossNames);
        reporter.Info($"Pretraining a {o.Encoder} split-brain network on {shape.ImageSize}×{shape.ImageSize} images, " +
            $"{shape.GridSize}×{shape.GridSize} grid, {shape.SingleClasses} + {shape.PairClasses} classes, on {device}.");
        var loop = new TrainingLoop(new TrainingLoopSettings("pretrain", CheckpointKind, settings.ToJson(), LossNames,
            o.Epochs, o.LearningRate, o.LearningRateDecay, o.Seed, o.InfoEveryNSteps, o.PrefetchBatches,
            o.CheckpointFolder, o.KeepCheckpoints), reporter, o.Progress);

        long imageSide = shape.ImageSize, grid = shape.GridSize;
        double[] Step(ColumnBatch batch)
        {
            using var scope = NewDisposeScope();
            long n = batch.Count;
            Tensor single = Slice(batch.Floats[0], n, pixels).view(n, 1, imageSide, imageSide).to(device);
            Tensor pair = Slice(batch.Floats[1], n, 2 * pixels).view(n, 2, imageSide, imageSide).to(device);
            Tensor singleTargets = Slice(batch.Integers[2], n, cells).view(n, grid, grid).to(device);
            Tensor pairTargets = Slice(batch.Integers[3], n, cells).view(n, grid, grid).to(device);
            return TrainStep(network, optimizer, single, pair, singleTargets, pairTargets);
        }

        loop.Run(reader, network, optimizer, Step, validate: null, resume);
        History = loop.History;
        CheckpointsWritten = loop.CheckpointsWritten;
        return new SplitBrainPretrainTransformer(_environment, network, settings, o.FeatureKind,
            o.SingleChannelColumnName, o.PairChannelsColumnName, o.FeatureColumnName, device);
    }

    /// <summary>
    /// One training step on a batch already on the network's device: both nets forward, per-cell cross-entropy for
    /// each, the sum backward and an optimizer step (skipped when a loss is not finite). Returns the two losses
    /// (single → pair, pair → single). Temporaries belong to the caller's dispose scope. The throughput benchmark
    /// times this same method.
    /// </summary>
    internal static double[] TrainStep(SplitBrainNetwork network, optim.Optimizer optimizer, Tensor single, Tensor pair,
        Tensor singleTargets, Tensor pairTargets)
    {
        optimizer.zero_grad();
        var (singleToPair, pairToSingle) = network.call(single, pair);
        Tensor singleLoss = nn.functional.cross_entropy(singleToPair, pairTargets);
        Tensor pairLoss = nn.functional.cross_entropy(pairToSingle, singleTargets);
        var losses = new[] { singleLoss.item<float>(), (double)pairLoss.item<float>() };
        if (double.IsFinite(losses[0]) && double.IsFinite(losses[1]))
        {
            (singleLoss + pairLoss).backward();
            optimizer.step();
        }
        return losses;
    }

    /// <summary>A tensor over the first <paramref name="rows"/> rows of a batch array (a copy, owned by the scope).</summary>
    internal static Tensor Slice(float[] values, long rows, long rowLength) =>
        rows * rowLength == values.Length ? tensor(values) : tensor(values.AsSpan(0, (int)(rows * rowLength)).ToArray());

    internal static Tensor Slice(long[] values, long rows, long rowLength) =>
        rows * rowLength == values.Length ? tensor(values) : tensor(values.AsSpan(0, (int)(rows * rowLength)).ToArray());

    internal static TrainingCheckpoint? ResumeCheckpoint(string? resumeFrom, SplitBrainNetworkSettings settings)
    {
        if (resumeFrom is null)
            return null;
        string path = Directory.Exists(resumeFrom)
            ? new CheckpointFolder(resumeFrom, CheckpointKind, 1).Latest()
              ?? throw new FileNotFoundException($"No pretraining checkpoint in folder '{resumeFrom}'.", resumeFrom)
            : resumeFrom;
        var checkpoint = TrainingCheckpoint.Load(path, CheckpointKind);
        var saved = SplitBrainNetworkSettings.FromJson(checkpoint.Settings, path);
        if (saved != settings)
            throw new InvalidDataException(
                $"Checkpoint '{path}' was made for {saved}, but the data and options now give {settings}.");
        return checkpoint;
    }
}
