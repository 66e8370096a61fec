using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Networks;

/// <summary>
/// ResNet-18 as the reference uses it for dense prediction: stem (7×7 stride-2 conv without bias, BN, ReLU,
/// 3×3 stride-2 max pool), then four stages of two basic blocks at stride 1 with widths 64, 128, 256 and one
/// channel per class, then adaptive average pooling to the grid (24×24 → 12×12 at 96×96 input).
/// </summary>
/// <remarks>
/// Weight names: <c>conv1</c>, <c>bn1</c>, <c>layer1.0.*</c> … <c>layer4.1.*</c> (see <see cref="ResidualBlock"/>).
/// The last hidden stage is <c>layer3</c> (256 channels); <c>layer4</c> is the class-score stage. Convolutions
/// get Kaiming-normal weights (fan_out, ReLU gain), BatchNorm weight 1 and bias 0, as torchvision does.
/// With <c>finalRelu</c> true (the reference, <see cref="EncoderKind.ResNet18"/>) the last block ends in a ReLU,
/// so no score is negative; <see cref="EncoderKind.ResNet18NoFinalRelu"/> drops that ReLU.
/// </remarks>
internal sealed class ResNet18Encoder : Encoder
{
    /// <summary>Widths of the first three stages; the fourth has one channel per class.</summary>
    public static IReadOnlyList<int> HiddenStageWidths { get; } = new[] { 64, 128, 256 };

    public const int StemWidth = 64;
    public const int BlocksPerStage = 2;

    private readonly nn.Module<Tensor, Tensor> _conv1;
    private readonly nn.Module<Tensor, Tensor> _bn1;
    private readonly nn.Module<Tensor, Tensor> _maxpool;
    private readonly nn.Module<Tensor, Tensor>[] _hiddenStages;
    private readonly nn.Module<Tensor, Tensor> _scoreStage;

    public ResNet18Encoder(int inputChannels, int classes, int gridSize, bool finalRelu)
        : base(finalRelu ? EncoderKind.ResNet18 : EncoderKind.ResNet18NoFinalRelu, inputChannels, classes, gridSize,
            EncoderLayout.Reference, HiddenStageWidths[^1], MapSize)
    {
        _conv1 = nn.Conv2d(inputChannels, StemWidth, 7, stride: 2, padding: 3, bias: false);
        _bn1 = new BatchNormalization(StemWidth);
        _maxpool = nn.MaxPool2d(3, 2, 1);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        register_module("maxpool", _maxpool);

        _hiddenStages = new nn.Module<Tensor, Tensor>[HiddenStageWidths.Count];
        int channels = StemWidth;
        for (int stage = 0; stage < HiddenStageWidths.Count; stage++)
        {
            _hiddenStages[stage] = Stage(channels, HiddenStageWidths[stage], finalRelu: true);
            register_module($"layer{stage + 1}", _hiddenStages[stage]);
            channels = HiddenStageWidths[stage];
        }
        _scoreStage = Stage(channels, classes, finalRelu);
        register_module($"layer{HiddenStageWidths.Count + 1}", _scoreStage);

        InitializeWeights();
    }

    /// <summary>Map side before pooling to the grid: the stem's two stride-2 steps.</summary>
    public static int MapSize(int inputSize) =>
        SpatialSize.Window(SpatialSize.Window(inputSize, 7, 2, 3), 3, 2, 1);

    protected override Tensor ForwardHiddenCore(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor activations = _maxpool.call(nn.functional.relu(_bn1.call(_conv1.call(input))));
        foreach (var stage in _hiddenStages)
            activations = stage.call(activations);
        return activations.MoveToOuterDisposeScope();
    }

    protected override Tensor ForwardScoresCore(Tensor hidden) => _scoreStage.call(hidden);

    private static nn.Module<Tensor, Tensor> Stage(int inChannels, int outChannels, bool finalRelu)
    {
        var blocks = new List<nn.Module<Tensor, Tensor>>();
        for (int block = 0; block < BlocksPerStage; block++)
        {
            bool lastBlock = block == BlocksPerStage - 1;
            blocks.Add(new ResidualBlock(block == 0 ? inChannels : outChannels, outChannels, finalRelu || !lastBlock));
        }
        return nn.Sequential(blocks);
    }

    private void InitializeWeights()
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in named_modules())
        {
            if (module is TorchSharp.Modules.Conv2d conv)
            {
                nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut,
                    nonlinearity: nn.init.NonlinearityType.ReLU);
            }
            else if (module is BatchNormalization norm)
            {
                nn.init.ones_(norm.Weight);
                nn.init.zeros_(norm.Bias);
            }
        }
    }
}
