using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Networks;

/// <summary>
/// A ResNet basic block at stride 1: 3×3 conv, BN, ReLU, 3×3 conv, BN, plus the shortcut (identity, or a 1×1
/// conv and BN when the width changes), then a ReLU unless <c>finalRelu</c> is false.
/// Weight names: <c>conv1</c>, <c>bn1</c>, <c>conv2</c>, <c>bn2</c>, and <c>downsample.0</c> (conv) and
/// <c>downsample.1</c> (BN) when there is a projection.
/// </summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _conv1;
    private readonly nn.Module<Tensor, Tensor> _bn1;
    private readonly nn.Module<Tensor, Tensor> _conv2;
    private readonly nn.Module<Tensor, Tensor> _bn2;
    private readonly nn.Module<Tensor, Tensor>? _downsample;
    private readonly bool _finalRelu;

    public ResidualBlock(int inChannels, int outChannels, bool finalRelu) : base(nameof(ResidualBlock))
    {
        _finalRelu = finalRelu;
        _conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false);
        _bn1 = new BatchNormalization(outChannels);
        _conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        _bn2 = new BatchNormalization(outChannels);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        register_module("conv2", _conv2);
        register_module("bn2", _bn2);
        if (inChannels != outChannels)
        {
            _downsample = nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, bias: false), new BatchNormalization(outChannels));
            register_module("downsample", _downsample);
        }
    }

    /// <summary>Layers are registered by explicit name (the weight format), never from field names.</summary>
    protected override void RegisterComponents()
    {
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor branch = _bn2.call(_conv2.call(nn.functional.relu(_bn1.call(_conv1.call(input)))));
        Tensor shortcut = _downsample is null ? input : _downsample.call(input);
        Tensor sum = branch + shortcut;
        return (_finalRelu ? nn.functional.relu(sum) : sum).MoveToOuterDisposeScope();
    }
}
