namespace SplitBrain.MLNet.Networks;

/// <summary>
/// One stage of a plain (sequential) encoder: a convolution, then BatchNorm2d and ReLU unless it is the final
/// class-score convolution, then an optional max pool.
/// </summary>
/// <param name="OutChannels">Output channels; ignored for the last stage, which emits one channel per class.</param>
/// <param name="Kernel">Square kernel side.</param>
/// <param name="Stride">Convolution stride.</param>
/// <param name="Padding">Zero padding on each side in the reference layout.</param>
/// <param name="Dilation">Kernel dilation.</param>
/// <param name="CompactPadding">Padding in the compact layout.</param>
/// <param name="Pool">The max pool after the activation, or null.</param>
internal sealed record ConvStage(int OutChannels, int Kernel, int Stride, int Padding, int Dilation, int CompactPadding,
    PoolStage? Pool = null)
{
    public int PaddingFor(EncoderLayout layout) => layout == EncoderLayout.Compact ? CompactPadding : Padding;

    /// <summary>Side length after this stage (convolution and pool) for an input side of <paramref name="size"/>.</summary>
    public int OutputSize(int size, EncoderLayout layout)
    {
        int convolved = SpatialSize.Window(size, Kernel, Stride, PaddingFor(layout), Dilation);
        return Pool is null ? convolved : SpatialSize.Window(convolved, Pool.Kernel, Pool.StrideFor(layout), Pool.Padding);
    }
}

/// <summary>A max pool of a <see cref="ConvStage"/>.</summary>
/// <param name="Kernel">Square window side.</param>
/// <param name="Stride">Stride in the reference layout.</param>
/// <param name="Padding">Padding on each side.</param>
/// <param name="CompactStride">Stride in the compact layout.</param>
internal sealed record PoolStage(int Kernel, int Stride, int Padding, int CompactStride)
{
    public int StrideFor(EncoderLayout layout) => layout == EncoderLayout.Compact ? CompactStride : Stride;
}
