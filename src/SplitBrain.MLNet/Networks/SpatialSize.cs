namespace SplitBrain.MLNet.Networks;

/// <summary>
/// Output side length of convolution and pooling layers (PyTorch's floor formulas). A result of 0 or less means
/// the layer cannot be applied; every method passes such a value through, so a whole chain can be evaluated and
/// checked once at the end.
/// </summary>
internal static class SpatialSize
{
    /// <summary>Side length after a convolution or pooling window: floor((n + 2p - d(k-1) - 1) / s) + 1.</summary>
    public static int Window(int size, int kernel, int stride = 1, int padding = 0, int dilation = 1)
    {
        if (size <= 0)
            return 0;
        int span = size + 2 * padding - dilation * (kernel - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }

    /// <summary>The smallest input side length (1 to 4096) for which <paramref name="mapSize"/> is at least
    /// <paramref name="target"/>, or -1 when there is none.</summary>
    public static int SmallestInputFor(Func<int, int> mapSize, int target)
    {
        for (int size = 1; size <= 4096; size++)
        {
            if (mapSize(size) >= target)
                return size;
        }
        return -1;
    }
}
