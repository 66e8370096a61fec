using SplitBrain.MLNet;

namespace SplitBrain.Cli.Bench;

/// <summary>The bare training step of one encoder.</summary>
/// <param name="Encoder">The encoder of both nets.</param>
/// <param name="Timings">The timed steps.</param>
/// <param name="ForwardFlopsPerImage">Forward convolution FLOPs per image of the pair
/// (<see cref="ConvFlopCounter"/>).</param>
/// <param name="MatmulPeakGflops">The peak the achieved rate is compared with.</param>
public sealed record BareStepResult(EncoderKind Encoder, StepTimings Timings, long ForwardFlopsPerImage,
    double MatmulPeakGflops)
{
    public double ImagesPerSecond => Timings.ImagesPerSecond;

    /// <summary>Achieved GFLOP/s, counting a training step as <see cref="ConvFlopCounter.TrainingFactor"/>×
    /// forward.</summary>
    public double Gflops => ConvFlopCounter.TrainingFactor * ForwardFlopsPerImage * ImagesPerSecond / 1e9;

    /// <summary><see cref="Gflops"/> over the matmul peak.</summary>
    public double FractionOfPeak => Gflops / MatmulPeakGflops;
}

/// <summary>The end-to-end pretraining step (Simple encoder), its ratio to the bare Simple step, and the input side
/// alone (reading batches on one thread with no training).</summary>
public sealed record EndToEndResult(StepTimings Timings, StepTimings InputOnly, string DataDescription,
    double? RatioToBareStep)
{
    public double ImagesPerSecond => Timings.ImagesPerSecond;
}

/// <summary>Everything one <c>splitbrain bench</c> run measured.</summary>
public sealed record PretrainBenchReport(
    PretrainBenchSettings Settings,
    int TorchThreads,
    int MatmulSize,
    IReadOnlyList<double> MatmulGflops,
    IReadOnlyList<BareStepResult> BareSteps,
    EndToEndResult? EndToEnd)
{
    /// <summary>The fastest timed matmul, in GFLOP/s: the peak the training steps are compared with.</summary>
    public double MatmulPeakGflops => MatmulGflops.Max();

    /// <summary>The mean of the timed matmuls, in GFLOP/s.</summary>
    public double MatmulMeanGflops => MatmulGflops.Average();
}
