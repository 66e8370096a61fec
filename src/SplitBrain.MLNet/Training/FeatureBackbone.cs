using System.Text.Json;
using SplitBrain.MLNet.Networks;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Training;

/// <summary>Which pretrained network a classifier starts from. Persisted as its numeric value.</summary>
internal enum BackboneKind
{
    /// <summary>A split-brain pair (pretrained, or randomly initialised for the from-scratch baseline).</summary>
    SplitBrain = 0,

    /// <summary>The encoder of the denoising-autoencoder baseline, fed the single and pair planes as RGB.</summary>
    DenoisingAutoencoder = 1,
}

/// <summary>Everything needed to rebuild a classifier's feature extractor; stored in models and checkpoints.</summary>
internal sealed record BackboneSettings(BackboneKind Kind, SplitBrainNetworkSettings Network, SplitBrainFeatureKind Features,
    int CodeChannels = DenoisingAutoencoder.DefaultCodeChannels)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static BackboneSettings FromJson(string json, string description) =>
        JsonSerializer.Deserialize<BackboneSettings>(json) ?? throw new InvalidDataException($"{description}: empty backbone settings.");

    public FeatureBackbone Build() => Kind switch
    {
        BackboneKind.SplitBrain => new SplitBrainBackbone(Network.Build(), Features),
        BackboneKind.DenoisingAutoencoder => new AutoencoderBackbone(
            new DenoisingAutoencoder(CodeChannels, Network.ImageSize, Network.GridSize), Features),
        _ => throw new InvalidDataException($"Unknown backbone kind {(int)Kind}."),
    };
}

/// <summary>
/// Turns LabQuantize's planes (single N×1×S×S, pair N×2×S×S) into N×<see cref="FeatureWidth"/> features for a
/// classifier head. Registered under the name "net": its weight names are the pretrained network's, prefixed.
/// </summary>
internal abstract class FeatureBackbone : nn.Module<Tensor, Tensor, Tensor>
{
    protected FeatureBackbone(string name) : base(name)
    {
    }

    public abstract int FeatureWidth { get; }

    protected override void RegisterComponents()
    {
    }
}

/// <summary>The split-brain pair as a feature extractor.</summary>
internal sealed class SplitBrainBackbone : FeatureBackbone
{
    private readonly SplitBrainNetwork _network;
    private readonly SplitBrainFeatureKind _kind;

    public SplitBrainBackbone(SplitBrainNetwork network, SplitBrainFeatureKind kind) : base(nameof(SplitBrainBackbone))
    {
        _network = network;
        _kind = kind;
        register_module("net", network);
    }

    public SplitBrainNetwork Network => _network;

    public override int FeatureWidth => _network.FeatureWidth(_kind);

    public override Tensor forward(Tensor single, Tensor pair) => _network.ForwardFeatures(single, pair, _kind);
}

/// <summary>The denoising autoencoder's encoder as a feature extractor; the planes are joined into 3 channels.</summary>
internal sealed class AutoencoderBackbone : FeatureBackbone
{
    private readonly DenoisingAutoencoder _autoencoder;
    private readonly SplitBrainFeatureKind _kind;

    public AutoencoderBackbone(DenoisingAutoencoder autoencoder, SplitBrainFeatureKind kind) : base(nameof(AutoencoderBackbone))
    {
        _autoencoder = autoencoder;
        _kind = kind;
        register_module("net", autoencoder);
    }

    public DenoisingAutoencoder Autoencoder => _autoencoder;

    public override int FeatureWidth => _autoencoder.FeatureWidth(_kind);

    public override Tensor forward(Tensor single, Tensor pair)
    {
        using var scope = NewDisposeScope();
        return _autoencoder.ForwardFeatures(cat(new[] { single, pair }, 1), _kind).MoveToOuterDisposeScope();
    }
}

/// <summary>A backbone followed by a classifier head: planes in, class logits out (N×classes).</summary>
internal sealed class ClassifierNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly FeatureBackbone _backbone;
    private readonly ClassifierHead _head;

    public ClassifierNetwork(FeatureBackbone backbone, ClassifierHeadKind head, int classes) : base(nameof(ClassifierNetwork))
    {
        _backbone = backbone;
        _head = new ClassifierHead(head, backbone.FeatureWidth, classes);
        register_module("backbone", _backbone);
        register_module("head", _head);
    }

    public FeatureBackbone Backbone => _backbone;

    public ClassifierHead Head => _head;

    protected override void RegisterComponents()
    {
    }

    public override Tensor forward(Tensor single, Tensor pair)
    {
        using var scope = NewDisposeScope();
        return _head.call(_backbone.call(single, pair)).MoveToOuterDisposeScope();
    }
}
