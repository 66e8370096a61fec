using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Networks;

/// <summary>
/// A fully convolutional encoder that predicts class scores at every cell of a square label grid.
/// </summary>
/// <remarks>
/// Tensor contract of <see cref="forward"/>: input N×<see cref="InputChannels"/>×H×W float32 on the module's device,
/// H and W at least <see cref="MinimumInputSize"/>; output N×<see cref="Classes"/>×<see cref="GridSize"/>×
/// <see cref="GridSize"/> raw class scores (logits, no softmax) on the same device. The score map of the layers is
/// brought to the grid by adaptive average pooling, a no-op when it already has the grid's size (the reference
/// layouts at 96×96 → 12×12); a score map smaller than the grid is an error, never upsampled.
/// Subclasses register their layers under explicit names: those names are the weight format.
/// </remarks>
internal abstract class Encoder : nn.Module<Tensor, Tensor>
{
    private readonly Func<int, int> _mapSize;

    protected Encoder(EncoderKind kind, int inputChannels, int classes, int gridSize, EncoderLayout layout,
        int hiddenChannels, Func<int, int> mapSize)
        : base($"{kind}Encoder")
    {
        Kind = kind;
        InputChannels = inputChannels;
        Classes = classes;
        GridSize = gridSize;
        Layout = layout;
        HiddenChannels = hiddenChannels;
        _mapSize = mapSize;
        MinimumInputSize = SpatialSize.SmallestInputFor(mapSize, 1);
    }

    /// <summary>Layers are registered by explicit name (the weight format), never from field names.</summary>
    protected override void RegisterComponents()
    {
    }

    public EncoderKind Kind { get; }

    /// <summary>Channels of the input image (1 for L or R, 2 for ab or GB, 3 for RGB).</summary>
    public int InputChannels { get; }

    /// <summary>Channels of the output: one score per class at every grid cell.</summary>
    public int Classes { get; }

    /// <summary>Side length of the label grid the scores are pooled to.</summary>
    public int GridSize { get; }

    public EncoderLayout Layout { get; }

    /// <summary>Channels of the last hidden stage (the class-score layer's input); the width of
    /// <see cref="ForwardPooledHidden"/>.</summary>
    public int HiddenChannels { get; }

    /// <summary>Smallest input side length, in pixels, for which the layers still produce a score map.</summary>
    public int MinimumInputSize { get; }

    /// <summary>Side length of the score map (before pooling to the grid) for a square input of
    /// <paramref name="inputSize"/> pixels; 0 when the input is too small.</summary>
    public int ScoreMapSize(int inputSize) => _mapSize(inputSize);

    /// <summary>Activations of the last hidden stage: N×<see cref="HiddenChannels"/>×h×w.
    /// Expects validated input.</summary>
    protected abstract Tensor ForwardHiddenCore(Tensor input);

    /// <summary>Class scores from the hidden activations, before pooling to the grid:
    /// N×<see cref="Classes"/>×h×w.</summary>
    protected abstract Tensor ForwardScoresCore(Tensor hidden);

    /// <summary>Last hidden stage of <paramref name="input"/> (N×C×H×W): N×<see cref="HiddenChannels"/>×h×w.</summary>
    public Tensor ForwardHidden(Tensor input)
    {
        Validate(input);
        return ForwardHiddenCore(input);
    }

    /// <summary>Class scores (N×<see cref="Classes"/>×grid×grid) from activations returned by
    /// <see cref="ForwardHidden"/>.</summary>
    public Tensor ForwardHead(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        Tensor scores = ForwardScoresCore(hidden);
        return PoolToGrid(scores, hidden).MoveToOuterDisposeScope();
    }

    /// <summary>Class scores of <paramref name="input"/> before pooling to the grid: N×<see cref="Classes"/>×h×w with
    /// h = <see cref="ScoreMapSize"/>(H).</summary>
    public Tensor ForwardScoreMap(Tensor input)
    {
        using var scope = NewDisposeScope();
        return ForwardScoresCore(ForwardHidden(input)).MoveToOuterDisposeScope();
    }

    /// <summary>The last hidden stage averaged over all positions: N×<see cref="HiddenChannels"/>.</summary>
    public Tensor ForwardPooledHidden(Tensor input)
    {
        using var scope = NewDisposeScope();
        return ForwardHidden(input).mean(new long[] { 2, 3 }).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor hidden = ForwardHidden(input);
        Tensor scores = ForwardScoresCore(hidden);
        return PoolToGrid(scores, input).MoveToOuterDisposeScope();
    }

    private Tensor PoolToGrid(Tensor scores, Tensor source)
    {
        long height = scores.shape[2], width = scores.shape[3];
        if (height < GridSize || width < GridSize)
        {
            throw new ArgumentException(
                $"The {Kind} encoder ({Layout} layout) turned a {source.shape[2]}×{source.shape[3]} tensor into a " +
                $"{height}×{width} score map, smaller than the {GridSize}×{GridSize} label grid it was built for. " +
                "Feed images of the size the network was built for, or build it for this size.", nameof(source));
        }
        if (height == GridSize && width == GridSize)
            return scores;
        return nn.functional.adaptive_avg_pool2d(scores, new long[] { GridSize, GridSize });
    }

    private void Validate(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != InputChannels)
        {
            throw new ArgumentException(
                $"The {Kind} encoder expects an N×{InputChannels}×H×W tensor; received shape " +
                $"[{string.Join(", ", input.shape)}].", nameof(input));
        }
        if (input.dtype != ScalarType.Float32)
            throw new ArgumentException($"The {Kind} encoder expects float32 input; received {input.dtype}.", nameof(input));
        long height = input.shape[2], width = input.shape[3];
        if (height < MinimumInputSize || width < MinimumInputSize)
        {
            throw new ArgumentException(
                $"The {Kind} encoder ({Layout} layout) needs inputs of at least {MinimumInputSize}×{MinimumInputSize} " +
                $"pixels; received {height}×{width}.", nameof(input));
        }
    }
}
