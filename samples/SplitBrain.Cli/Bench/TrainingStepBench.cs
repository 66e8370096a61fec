using System.Diagnostics;
using SplitBrain.MLNet;
using SplitBrain.MLNet.Networks;
using SplitBrain.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.Cli.Bench;

/// <summary>
/// The bare training step on tensors made in advance: one split-brain network (100 single-channel classes,
/// 10×10 pair classes) with Adam, random input planes and random class grids, stepped through the library's own
/// <see cref="SplitBrainPretrainer.TrainStep"/>, so no data loading or tensor creation is timed. CPU only, with
/// TorchSharp's thread count left as it is.
/// </summary>
public sealed class TrainingStepBench : IDisposable
{
    private const int SingleBins = 100;
    private const int PairBins = 10;

    private readonly SplitBrainNetwork _network;
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor _single;
    private readonly Tensor _pair;
    private readonly Tensor _singleTargets;
    private readonly Tensor _pairTargets;

    /// <summary>Builds the network, the optimizer and one batch of random inputs and targets.</summary>
    public TrainingStepBench(EncoderKind encoder, int batchSize, int imageSize, int gridSize, int seed = 0)
    {
        Encoder = encoder;
        BatchSize = batchSize;
        ImageSize = imageSize;
        random.manual_seed(seed);
        _network = new SplitBrainNetwork(encoder, SingleBins, PairBins, imageSize, gridSize);
        _network.train();
        _optimizer = optim.Adam(_network.parameters(), 1e-4);
        _single = rand(batchSize, SplitBrainNetwork.SingleInputChannels, imageSize, imageSize);
        _pair = rand(batchSize, SplitBrainNetwork.PairInputChannels, imageSize, imageSize);
        _singleTargets = randint(0, SingleBins, new long[] { batchSize, gridSize, gridSize }, dtype: ScalarType.Int64);
        _pairTargets = randint(0, PairBins * PairBins, new long[] { batchSize, gridSize, gridSize },
            dtype: ScalarType.Int64);
    }

    public EncoderKind Encoder { get; }

    public int BatchSize { get; }

    public int ImageSize { get; }

    /// <summary>Forward convolution FLOPs per image of this network (see <see cref="ConvFlopCounter"/>).</summary>
    public long ForwardFlopsPerImage() => ConvFlopCounter.MeasuredForwardFlops(_network, ImageSize);

    /// <summary>One training step (forward, both losses, backward, Adam); returns the two losses.</summary>
    public double[] RunStep()
    {
        using var scope = NewDisposeScope();
        return SplitBrainPretrainer.TrainStep(_network, _optimizer, _single, _pair, _singleTargets, _pairTargets);
    }

    /// <summary>Runs <paramref name="warmupSteps"/> untimed steps, then times <paramref name="timedSteps"/>.</summary>
    public StepTimings Measure(int warmupSteps, int timedSteps)
    {
        for (int i = 0; i < warmupSteps; i++)
            RunStep();
        var seconds = new double[timedSteps];
        for (int i = 0; i < timedSteps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            RunStep();
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return new StepTimings(BatchSize, seconds);
    }

    public void Dispose()
    {
        _single.Dispose();
        _pair.Dispose();
        _singleTargets.Dispose();
        _pairTargets.Dispose();
        _optimizer.Dispose();
        _network.Dispose();
    }
}
