using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Networks;

/// <summary>
/// The split-brain pair: <c>single_net</c> sees the single channel (L, or R) and predicts the pair's joint classes
/// (pairBins², 100 by default) at every grid cell; <c>pair_net</c> sees the two other channels (ab, or GB) and
/// predicts the single channel's classes (singleBins, 100 by default).
/// </summary>
/// <remarks>
/// <para>Tensor contract of <see cref="forward"/>: <c>single</c> is N×1×H×W and <c>pair</c> N×2×H×W, float32,
/// on the module's device, with values as the preprocessing normalises them (for Lab: L/100, (a+87)/186,
/// (b+108)/203). It returns (N×pairBins²×grid×grid, N×singleBins×grid×grid) raw class scores (logits) on the same
/// device. The two halves are independent; each may be called through <see cref="SingleNet"/> and
/// <see cref="PairNet"/>.</para>
/// <para>Weight names are the file format: <c>single_net.*</c> and <c>pair_net.*</c>, followed by the encoder's own
/// names (for Simple, <c>encoder.N.*</c> as in the reference). <see cref="ReferenceCheckpoint"/> maps them to the
/// reference project's <c>ch1_net.*</c> and <c>ch2_net.*</c>.</para>
/// </remarks>
internal sealed class SplitBrainNetwork : nn.Module<Tensor, Tensor, (Tensor singleToPair, Tensor pairToSingle)>
{
    public const int SingleInputChannels = 1;
    public const int PairInputChannels = 2;

    private readonly Encoder _singleNet;
    private readonly Encoder _pairNet;

    /// <summary>Builds both nets with freshly initialised weights on the CPU (move them with <c>.to(device)</c>).</summary>
    /// <param name="kind">Architecture of both encoders.</param>
    /// <param name="singleBins">Classes of the single channel (L or R): the pair net's outputs, at least 2.</param>
    /// <param name="pairBins">Bins per axis of the pair (a and b, or G and B), at least 2: the single net predicts
    /// pairBins² joint classes.</param>
    /// <param name="inputSize">Side length in pixels of the square input images (96 in the reference).</param>
    /// <param name="gridSize">Side length of the label grid (12 in the reference).</param>
    public SplitBrainNetwork(EncoderKind kind, int singleBins = 100, int pairBins = 10, int inputSize = 96,
        int gridSize = 12)
        : base(nameof(SplitBrainNetwork))
    {
        if (singleBins < 2)
            throw new ArgumentOutOfRangeException(nameof(singleBins), singleBins, "Expected at least 2 single-channel bins.");
        if (pairBins < 2)
            throw new ArgumentOutOfRangeException(nameof(pairBins), pairBins, "Expected at least 2 bins per pair axis.");
        Kind = kind;
        SingleBins = singleBins;
        PairBins = pairBins;
        InputSize = inputSize;
        GridSize = gridSize;
        _singleNet = EncoderFactory.Create(kind, SingleInputChannels, PairClasses, inputSize, gridSize);
        _pairNet = EncoderFactory.Create(kind, PairInputChannels, singleBins, inputSize, gridSize);
        register_module("single_net", _singleNet);
        register_module("pair_net", _pairNet);
    }

    /// <summary>Layers are registered by explicit name (the weight format), never from field names.</summary>
    protected override void RegisterComponents()
    {
    }

    public EncoderKind Kind { get; }
    public int SingleBins { get; }
    public int PairBins { get; }
    public int InputSize { get; }
    public int GridSize { get; }

    /// <summary>Joint classes predicted by the single net: pairBins².</summary>
    public int PairClasses => PairBins * PairBins;

    /// <summary>1 channel in, pairBins² classes out.</summary>
    public Encoder SingleNet => _singleNet;

    /// <summary>2 channels in, singleBins classes out.</summary>
    public Encoder PairNet => _pairNet;

    /// <summary>Width of <see cref="SplitBrainFeatureKind.ScoreMaps"/>: (pairBins² + singleBins) × grid².</summary>
    public int ScoreMapFeatureWidth => (PairClasses + SingleBins) * GridSize * GridSize;

    /// <summary>Width of <see cref="SplitBrainFeatureKind.PooledHidden"/>: the two encoders' hidden widths summed
    /// (Simple 192, AlexNet 8192, ResNet-18 512, GoogLeNet 2048).</summary>
    public int PooledFeatureWidth => _singleNet.HiddenChannels + _pairNet.HiddenChannels;

    public int FeatureWidth(SplitBrainFeatureKind kind) => kind switch
    {
        SplitBrainFeatureKind.ScoreMaps => ScoreMapFeatureWidth,
        SplitBrainFeatureKind.PooledHidden => PooledFeatureWidth,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown feature kind."),
    };

    public override (Tensor singleToPair, Tensor pairToSingle) forward(Tensor single, Tensor pair)
        => (_singleNet.call(single), _pairNet.call(pair));

    /// <summary>
    /// Feature vectors of N images for a classifier head: N×<see cref="FeatureWidth"/> float32 on the input's
    /// device. Call in eval mode under <c>no_grad</c> for frozen features.
    /// </summary>
    public Tensor ForwardFeatures(Tensor single, Tensor pair, SplitBrainFeatureKind kind)
    {
        CheckSameBatch(single, pair);
        using var scope = NewDisposeScope();
        Tensor features = kind switch
        {
            SplitBrainFeatureKind.ScoreMaps => cat(new[] { _singleNet.call(single), _pairNet.call(pair) }, 1).flatten(1),
            SplitBrainFeatureKind.PooledHidden =>
                cat(new[] { _singleNet.ForwardPooledHidden(single), _pairNet.ForwardPooledHidden(pair) }, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown feature kind."),
        };
        return features.MoveToOuterDisposeScope();
    }

    private static void CheckSameBatch(Tensor single, Tensor pair)
    {
        ArgumentNullException.ThrowIfNull(single);
        ArgumentNullException.ThrowIfNull(pair);
        if (single.dim() < 1 || pair.dim() < 1 || single.shape[0] != pair.shape[0])
        {
            throw new ArgumentException(
                $"The single-channel tensor [{string.Join(", ", single.shape)}] and the pair tensor " +
                $"[{string.Join(", ", pair.shape)}] must hold the same number of images.", nameof(pair));
        }
    }
}
