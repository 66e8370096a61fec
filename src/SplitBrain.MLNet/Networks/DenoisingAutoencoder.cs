using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Networks;

/// <summary>
/// The denoising-autoencoder baseline: an encoder shaped like the Simple encoder (five convolutions, 12, 24, 48,
/// 96 channels, then <see cref="CodeChannels"/>) on RGB images, and a decoder of five transposed convolutions that
/// mirrors it back to 3×H×W. Train it on <see cref="SaltAndPepperNoise"/>-corrupted inputs against the clean ones.
/// </summary>
/// <remarks>
/// <para>Tensor contract of <see cref="forward"/>: input N×3×H×W float32 RGB in [0, 1] with H and W multiples of 4
/// (the two stride-2 steps), output the N×3×H×W reconstruction in (0, 1) (sigmoid) on the same device.</para>
/// <para>Features use the split-brain contract (<see cref="ForwardFeatures"/>): ScoreMaps is the code map pooled
/// to the grid and flattened, <see cref="CodeChannels"/> × grid² values (28,800 with the default 200 channels on
/// a 12×12 grid, the same width as the default split-brain pair); PooledHidden is the 96-channel last hidden stage
/// averaged over positions.</para>
/// <para>Weight names: <c>encoder_net.encoder.N.*</c> (as in the Simple encoder) and <c>decoder.N.*</c> with
/// transposed convolutions at 0, 3, 6, 9, 12 (BN at 1, 4, 7, 10) and the sigmoid at 13.</para>
/// </remarks>
internal sealed class DenoisingAutoencoder : nn.Module<Tensor, Tensor>
{
    public const int InputChannels = 3;

    /// <summary>Default code width: pairBins² + singleBins at the split-brain defaults (100 + 100).</summary>
    public const int DefaultCodeChannels = 200;

    private readonly Encoder _encoderNet;
    private readonly nn.Module<Tensor, Tensor> _decoder;

    /// <param name="codeChannels">Channels of the code map, 1 or more.</param>
    /// <param name="inputSize">Side length in pixels of the square RGB inputs (96 in the reference).</param>
    /// <param name="gridSize">Side length of the feature grid (12 in the reference).</param>
    public DenoisingAutoencoder(int codeChannels = DefaultCodeChannels, int inputSize = 96, int gridSize = 12)
        : base(nameof(DenoisingAutoencoder))
    {
        CodeChannels = codeChannels;
        _encoderNet = EncoderFactory.Create(EncoderKind.Simple, InputChannels, codeChannels, inputSize, gridSize);
        _decoder = nn.Sequential(DecoderLayers(codeChannels, _encoderNet.Layout));
        register_module("encoder_net", _encoderNet);
        register_module("decoder", _decoder);
    }

    public int CodeChannels { get; }

    public Encoder EncoderNet => _encoderNet;

    public int FeatureWidth(SplitBrainFeatureKind kind) => kind switch
    {
        SplitBrainFeatureKind.ScoreMaps => CodeChannels * _encoderNet.GridSize * _encoderNet.GridSize,
        SplitBrainFeatureKind.PooledHidden => _encoderNet.HiddenChannels,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown feature kind."),
    };

    /// <summary>Layers are registered by explicit name (the weight format), never from field names.</summary>
    protected override void RegisterComponents()
    {
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor reconstruction = _decoder.call(_encoderNet.ForwardScoreMap(input));
        if (reconstruction.shape[2] != input.shape[2] || reconstruction.shape[3] != input.shape[3])
        {
            throw new ArgumentException(
                $"The denoising autoencoder rebuilt a {input.shape[2]}×{input.shape[3]} input as " +
                $"{reconstruction.shape[2]}×{reconstruction.shape[3]}; input sides must be multiples of 4.", nameof(input));
        }
        return reconstruction.MoveToOuterDisposeScope();
    }

    /// <summary>Feature vectors of N RGB images: N×<see cref="FeatureWidth"/> on the input's device.</summary>
    public Tensor ForwardFeatures(Tensor input, SplitBrainFeatureKind kind)
    {
        using var scope = NewDisposeScope();
        Tensor features = kind switch
        {
            SplitBrainFeatureKind.ScoreMaps => _encoderNet.call(input).flatten(1),
            SplitBrainFeatureKind.PooledHidden => _encoderNet.ForwardPooledHidden(input),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown feature kind."),
        };
        return features.MoveToOuterDisposeScope();
    }

    private static IEnumerable<nn.Module<Tensor, Tensor>> DecoderLayers(int codeChannels, EncoderLayout layout)
    {
        IReadOnlyList<ConvStage> stages = SequentialEncoder.SimpleStages;
        int channels = codeChannels;
        for (int index = stages.Count - 1; index >= 0; index--)
        {
            ConvStage stage = stages[index];
            int outChannels = index == 0 ? InputChannels : stages[index - 1].OutChannels;
            yield return nn.ConvTranspose2d(channels, outChannels, stage.Kernel, stride: stage.Stride,
                padding: stage.PaddingFor(layout));
            if (index == 0)
            {
                yield return nn.Sigmoid();
                yield break;
            }
            yield return new BatchNormalization(outChannels);
            yield return nn.ReLU();
            channels = outChannels;
        }
    }
}
