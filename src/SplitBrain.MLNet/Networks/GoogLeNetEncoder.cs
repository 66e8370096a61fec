using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Networks;

/// <summary>
/// GoogLeNet for dense prediction: stem conv 4×4 pad 2 → 192 (BN, ReLU); inception 3a, 3b; max pool 3 stride 2
/// pad 1; inception 4a–4e, 5a, 5b; average pool 8 stride 2; class-score conv 3×3 stride 2 pad 2.
/// At 96×96 input the side goes 97 → 49 → 21 → 12.
/// </summary>
/// <remarks>
/// Weight names: <c>stem.0</c> (conv), <c>stem.1</c> (BN), <c>inception.N.*</c> for the nine blocks in order
/// (see <see cref="InceptionBlock"/>), <c>score</c>. The last hidden stage is the average pool's output (the
/// score conv's input, 1024 channels). Compact layout: the max pool after 3b has stride 1 (32×32 → 8×8).
/// </remarks>
internal sealed class GoogLeNetEncoder : Encoder
{
    public const int StemWidth = 192;
    public const int StemKernel = 4;
    public const int StemPadding = 2;

    /// <summary>Blocks in order; the stride-2 max pool follows the block at <see cref="PoolAfterBlock"/>.</summary>
    public static IReadOnlyList<InceptionPlan> Blocks { get; } = new[]
    {
        new InceptionPlan(192, 64, 96, 128, 16, 32, 32),
        new InceptionPlan(256, 128, 128, 192, 32, 96, 64),
        new InceptionPlan(480, 192, 96, 208, 16, 48, 64),
        new InceptionPlan(512, 160, 112, 224, 24, 64, 64),
        new InceptionPlan(512, 128, 128, 256, 24, 64, 64),
        new InceptionPlan(512, 112, 144, 288, 32, 64, 64),
        new InceptionPlan(528, 256, 160, 320, 32, 128, 128),
        new InceptionPlan(832, 256, 160, 320, 32, 128, 128),
        new InceptionPlan(832, 384, 192, 384, 48, 128, 128),
    };

    public const int PoolAfterBlock = 1;
    public const int AveragePoolKernel = 8;
    public const int AveragePoolStride = 2;
    public const int ScoreKernel = 3;
    public const int ScoreStride = 2;
    public const int ScorePadding = 2;

    private readonly nn.Module<Tensor, Tensor> _stem;
    private readonly InceptionBlock[] _blocks;
    private readonly nn.Module<Tensor, Tensor> _maxpool;
    private readonly nn.Module<Tensor, Tensor> _avgpool;
    private readonly nn.Module<Tensor, Tensor> _score;

    public GoogLeNetEncoder(int inputChannels, int classes, int gridSize, EncoderLayout layout)
        : base(EncoderKind.GoogLeNet, inputChannels, classes, gridSize, layout, Blocks[^1].OutChannels,
            size => MapSize(size, layout))
    {
        _stem = nn.Sequential(InceptionBlock.ConvUnitsWithPadding(inputChannels, StemWidth, StemKernel, StemPadding));
        register_module("stem", _stem);
        _blocks = Blocks.Select(plan => new InceptionBlock(plan)).ToArray();
        register_module("inception", nn.ModuleList(_blocks));
        _maxpool = nn.MaxPool2d(3, PoolStride(layout), 1);
        _avgpool = nn.AvgPool2d(AveragePoolKernel, AveragePoolStride);
        _score = nn.Conv2d(Blocks[^1].OutChannels, classes, ScoreKernel, stride: ScoreStride, padding: ScorePadding);
        register_module("maxpool", _maxpool);
        register_module("avgpool", _avgpool);
        register_module("score", _score);
    }

    private static int PoolStride(EncoderLayout layout) => layout == EncoderLayout.Compact ? 1 : 2;

    public static int MapSize(int inputSize, EncoderLayout layout)
    {
        int stem = SpatialSize.Window(inputSize, StemKernel, 1, StemPadding);
        int pooled = SpatialSize.Window(stem, 3, PoolStride(layout), 1);
        int averaged = SpatialSize.Window(pooled, AveragePoolKernel, AveragePoolStride);
        return SpatialSize.Window(averaged, ScoreKernel, ScoreStride, ScorePadding);
    }

    protected override Tensor ForwardHiddenCore(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor activations = _stem.call(input);
        for (int index = 0; index < _blocks.Length; index++)
        {
            activations = _blocks[index].call(activations);
            if (index == PoolAfterBlock)
                activations = _maxpool.call(activations);
        }
        return _avgpool.call(activations).MoveToOuterDisposeScope();
    }

    protected override Tensor ForwardScoresCore(Tensor hidden) => _score.call(hidden);
}
