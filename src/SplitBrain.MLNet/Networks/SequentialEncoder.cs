using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Networks;

/// <summary>
/// The Simple and AlexNet encoders: one <c>nn.Sequential</c> registered as <c>encoder</c> whose layers are, per
/// stage, conv, BatchNorm2d, ReLU and an optional max pool, and finally the class-score conv. The layer indices
/// are the reference project's, so <c>encoder.0.weight</c> is the first conv, <c>encoder.1.*</c> its BatchNorm,
/// and so on (Simple: convs at 0, 3, 6, 9, 12).
/// </summary>
internal sealed class SequentialEncoder : Encoder
{
    /// <summary>The reference "simple" encoder; compact layout pads the 5×5 convolutions by 2.</summary>
    public static IReadOnlyList<ConvStage> SimpleStages { get; } = new[]
    {
        new ConvStage(12, Kernel: 4, Stride: 2, Padding: 1, Dilation: 1, CompactPadding: 1),
        new ConvStage(24, Kernel: 4, Stride: 2, Padding: 1, Dilation: 1, CompactPadding: 1),
        new ConvStage(48, Kernel: 5, Stride: 1, Padding: 0, Dilation: 1, CompactPadding: 2),
        new ConvStage(96, Kernel: 5, Stride: 1, Padding: 0, Dilation: 1, CompactPadding: 2),
        new ConvStage(0, Kernel: 5, Stride: 1, Padding: 0, Dilation: 1, CompactPadding: 2),
    };

    /// <summary>The fully convolutional AlexNet; compact layout turns the two stride-2 max pools to stride 1.</summary>
    public static IReadOnlyList<ConvStage> AlexNetStages { get; } = new[]
    {
        new ConvStage(96, Kernel: 10, Stride: 2, Padding: 1, Dilation: 1, CompactPadding: 1,
            new PoolStage(Kernel: 3, Stride: 2, Padding: 1, CompactStride: 1)),
        new ConvStage(256, Kernel: 5, Stride: 1, Padding: 2, Dilation: 1, CompactPadding: 2,
            new PoolStage(Kernel: 3, Stride: 2, Padding: 1, CompactStride: 1)),
        new ConvStage(384, Kernel: 3, Stride: 1, Padding: 1, Dilation: 1, CompactPadding: 1),
        new ConvStage(384, Kernel: 3, Stride: 1, Padding: 1, Dilation: 1, CompactPadding: 1),
        new ConvStage(256, Kernel: 3, Stride: 1, Padding: 1, Dilation: 1, CompactPadding: 1,
            new PoolStage(Kernel: 3, Stride: 1, Padding: 1, CompactStride: 1)),
        new ConvStage(4096, Kernel: 7, Stride: 1, Padding: 6, Dilation: 2, CompactPadding: 6),
        new ConvStage(4096, Kernel: 1, Stride: 1, Padding: 0, Dilation: 1, CompactPadding: 0),
        new ConvStage(0, Kernel: 1, Stride: 1, Padding: 0, Dilation: 1, CompactPadding: 0),
    };

    private readonly nn.Module<Tensor, Tensor> _encoder;
    private readonly List<nn.Module<Tensor, Tensor>> _layers;

    public SequentialEncoder(EncoderKind kind, int inputChannels, int classes, int gridSize, EncoderLayout layout)
        : this(kind, StagesOf(kind), inputChannels, classes, gridSize, layout)
    {
    }

    private SequentialEncoder(EncoderKind kind, IReadOnlyList<ConvStage> stages, int inputChannels, int classes,
        int gridSize, EncoderLayout layout)
        : base(kind, inputChannels, classes, gridSize, layout, stages[^2].OutChannels, size => MapSize(stages, size, layout))
    {
        _layers = new List<nn.Module<Tensor, Tensor>>();
        int channels = inputChannels;
        for (int index = 0; index < stages.Count; index++)
        {
            ConvStage stage = stages[index];
            bool isScoreLayer = index == stages.Count - 1;
            int outChannels = isScoreLayer ? classes : stage.OutChannels;
            _layers.Add(nn.Conv2d(channels, outChannels, stage.Kernel, stride: stage.Stride,
                padding: stage.PaddingFor(layout), dilation: stage.Dilation));
            if (isScoreLayer)
                break;
            _layers.Add(new BatchNormalization(outChannels));
            _layers.Add(nn.ReLU());
            if (stage.Pool is { } pool)
                _layers.Add(nn.MaxPool2d(pool.Kernel, pool.StrideFor(layout), pool.Padding));
            channels = outChannels;
        }
        _encoder = nn.Sequential(_layers);
        register_module("encoder", _encoder);
    }

    /// <summary>Score-map side length of <paramref name="stages"/> for a square input side.</summary>
    public static int MapSize(IReadOnlyList<ConvStage> stages, int inputSize, EncoderLayout layout)
    {
        int size = inputSize;
        foreach (ConvStage stage in stages)
            size = stage.OutputSize(size, layout);
        return size;
    }

    public static IReadOnlyList<ConvStage> StagesOf(EncoderKind kind) => kind switch
    {
        EncoderKind.Simple => SimpleStages,
        EncoderKind.AlexNet => AlexNetStages,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only Simple and AlexNet are sequential encoders."),
    };

    protected override Tensor ForwardHiddenCore(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor activations = input;
        for (int index = 0; index < _layers.Count - 1; index++)
            activations = _layers[index].call(activations);
        return activations.MoveToOuterDisposeScope();
    }

    protected override Tensor ForwardScoresCore(Tensor hidden) => _layers[^1].call(hidden);
}
