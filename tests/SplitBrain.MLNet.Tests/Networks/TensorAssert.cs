using static TorchSharp.torch;

namespace SplitBrain.MLNet.Tests.Networks;

internal static class TensorAssert
{
    /// <summary>True when both tensors have the same shape and exactly the same values.</summary>
    public static bool SameValues(Tensor first, Tensor second)
    {
        if (!first.shape.SequenceEqual(second.shape))
            return false;
        using var scope = NewDisposeScope();
        return first.eq(second.to(first.dtype, first.device)).all().item<bool>();
    }
}
