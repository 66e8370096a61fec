using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Networks;

/// <summary>The channel plan of one inception block (every conv is followed by BN and ReLU).</summary>
/// <param name="InChannels">Input channels.</param>
/// <param name="Branch1x1">Output of the 1×1 branch.</param>
/// <param name="Reduce3x3">1×1 reduction before the single 3×3.</param>
/// <param name="Out3x3">Output of the single 3×3.</param>
/// <param name="ReduceDouble3x3">1×1 reduction before the two stacked 3×3.</param>
/// <param name="OutDouble3x3">Output of each of the two stacked 3×3.</param>
/// <param name="PoolProjection">1×1 conv after the 3×3 stride-1 max pool.</param>
internal sealed record InceptionPlan(int InChannels, int Branch1x1, int Reduce3x3, int Out3x3, int ReduceDouble3x3,
    int OutDouble3x3, int PoolProjection)
{
    public int OutChannels => Branch1x1 + Out3x3 + OutDouble3x3 + PoolProjection;
}

/// <summary>
/// Four parallel branches at full resolution, concatenated along channels in this order: 1×1 | 1×1→3×3 |
/// 1×1→3×3→3×3 | max pool 3 stride 1 → 1×1. Weight names: <c>branch1</c>, <c>branch2</c>, <c>branch3</c>,
/// <c>branch4</c>, each an <c>nn.Sequential</c> of (conv, BN, ReLU) triples.
/// </summary>
internal sealed class InceptionBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] _branches;

    public InceptionBlock(InceptionPlan plan) : base(nameof(InceptionBlock))
    {
        _branches = new[]
        {
            nn.Sequential(ConvUnits((plan.InChannels, plan.Branch1x1, 1))),
            nn.Sequential(ConvUnits((plan.InChannels, plan.Reduce3x3, 1), (plan.Reduce3x3, plan.Out3x3, 3))),
            nn.Sequential(ConvUnits((plan.InChannels, plan.ReduceDouble3x3, 1), (plan.ReduceDouble3x3, plan.OutDouble3x3, 3),
                (plan.OutDouble3x3, plan.OutDouble3x3, 3))),
            nn.Sequential(new nn.Module<Tensor, Tensor>[] { nn.MaxPool2d(3, 1, 1) }
                .Concat(ConvUnits((plan.InChannels, plan.PoolProjection, 1)))),
        };
        for (int index = 0; index < _branches.Length; index++)
            register_module($"branch{index + 1}", _branches[index]);
    }

    /// <summary>Layers are registered by explicit name (the weight format), never from field names.</summary>
    protected override void RegisterComponents()
    {
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor[] outputs = _branches.Select(branch => branch.call(input)).ToArray();
        return cat(outputs, 1).MoveToOuterDisposeScope();
    }

    /// <summary>(conv, BN, ReLU) with the given padding.</summary>
    public static IEnumerable<nn.Module<Tensor, Tensor>> ConvUnitsWithPadding(int inChannels, int outChannels, int kernel,
        int padding)
    {
        yield return nn.Conv2d(inChannels, outChannels, kernel, padding: padding);
        yield return new BatchNormalization(outChannels);
        yield return nn.ReLU();
    }

    /// <summary>(conv "same"-padded, BN, ReLU) for each (in, out, kernel).</summary>
    public static IEnumerable<nn.Module<Tensor, Tensor>> ConvUnits(params (int In, int Out, int Kernel)[] convs)
    {
        foreach (var (inChannels, outChannels, kernel) in convs)
        {
            foreach (var layer in ConvUnitsWithPadding(inChannels, outChannels, kernel, kernel / 2))
                yield return layer;
        }
    }
}
