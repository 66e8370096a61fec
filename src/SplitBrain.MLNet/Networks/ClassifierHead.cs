using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Networks;

/// <summary>
/// A classifier on feature vectors: input N×<see cref="FeatureWidth"/> float32, output N×<see cref="Classes"/>
/// raw class scores (logits) on the input's device.
/// </summary>
/// <remarks>
/// Weight names: <see cref="ClassifierHeadKind.Linear"/> has <c>output</c>; <see cref="ClassifierHeadKind.Mlp"/>
/// has <c>hidden</c> (linear to <see cref="MlpHiddenWidth"/>), <c>hidden_norm</c> (BatchNorm1d) and <c>output</c>,
/// with a ReLU after the norm. The Mlp's BatchNorm needs batches of 2 or more in training mode.
/// </remarks>
internal sealed class ClassifierHead : nn.Module<Tensor, Tensor>
{
    public const int MlpHiddenWidth = 1000;

    private readonly nn.Module<Tensor, Tensor>? _hidden;
    private readonly nn.Module<Tensor, Tensor>? _hiddenNorm;
    private readonly nn.Module<Tensor, Tensor> _output;

    /// <param name="kind">Linear or Mlp.</param>
    /// <param name="featureWidth">Values per feature vector, 1 or more.</param>
    /// <param name="classes">Number of target classes, 2 or more.</param>
    public ClassifierHead(ClassifierHeadKind kind, int featureWidth, int classes) : base($"{kind}ClassifierHead")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Kind = kind;
        FeatureWidth = featureWidth;
        Classes = classes;
        switch (kind)
        {
            case ClassifierHeadKind.Linear:
                _output = nn.Linear(featureWidth, classes);
                break;
            case ClassifierHeadKind.Mlp:
                _hidden = nn.Linear(featureWidth, MlpHiddenWidth);
                _hiddenNorm = new BatchNormalization(MlpHiddenWidth);
                _output = nn.Linear(MlpHiddenWidth, classes);
                register_module("hidden", _hidden);
                register_module("hidden_norm", _hiddenNorm);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown classifier head kind.");
        }
        register_module("output", _output);
    }

    public ClassifierHeadKind Kind { get; }
    public int FeatureWidth { get; }
    public int Classes { get; }

    /// <summary>Layers are registered by explicit name (the weight format), never from field names.</summary>
    protected override void RegisterComponents()
    {
    }

    public override Tensor forward(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2 || features.shape[1] != FeatureWidth)
        {
            throw new ArgumentException(
                $"The {Kind} head expects N×{FeatureWidth} features; received shape [{string.Join(", ", features.shape)}].",
                nameof(features));
        }
        if (_hidden is null || _hiddenNorm is null)
            return _output.call(features);
        using var scope = NewDisposeScope();
        Tensor hidden = nn.functional.relu(_hiddenNorm.call(_hidden.call(features)));
        return _output.call(hidden).MoveToOuterDisposeScope();
    }
}
