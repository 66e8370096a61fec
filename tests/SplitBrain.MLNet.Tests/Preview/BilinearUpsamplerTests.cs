using SplitBrain.MLNet.Preview;
using Xunit;

namespace SplitBrain.MLNet.Tests.Preview;

public sealed class BilinearUpsamplerTests
{
    [Fact]
    public void TwoCellsToFourPixels_FollowsPixelCentres()
    {
        // Output x samples the grid at (x + 0.5) / 2 - 0.5: -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        double[] map = [0, 8, 0, 8];
        var output = new double[16];

        BilinearUpsampler.Upsample(map, grid: 2, size: 4, output);

        for (int y = 0; y < 4; y++)
            Assert.Equal([0.0, 2.0, 6.0, 8.0], output.AsSpan(y * 4, 4).ToArray());
    }

    [Fact]
    public void ConstantMap_StaysConstant_AndOneCellFillsTheImage()
    {
        var output = new double[32 * 32];
        BilinearUpsampler.Upsample(Enumerable.Repeat(-6.5, 64).ToArray(), grid: 8, size: 32, output);
        Assert.All(output, v => Assert.Equal(-6.5, v, 1e-12));

        BilinearUpsampler.Upsample([3.0], grid: 1, size: 32, output);
        Assert.All(output, v => Assert.Equal(3.0, v));
    }

    [Fact]
    public void SameSize_IsTheIdentity()
    {
        double[] map = Enumerable.Range(0, 9).Select(i => (double)i * i).ToArray();
        var output = new double[9];

        BilinearUpsampler.Upsample(map, grid: 3, size: 3, output);

        Assert.Equal(map, output);
    }
}
