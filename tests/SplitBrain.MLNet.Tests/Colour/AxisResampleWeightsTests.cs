using SplitBrain.MLNet.Colour;
using Xunit;

namespace SplitBrain.MLNet.Tests.Colour;

public sealed class AxisResampleWeightsTests
{
    [Theory]
    [InlineData(32, 8, 1.5, 6)]
    [InlineData(96, 12, 3.5, 14)]
    [InlineData(12, 12, 0.0, 0)]
    public void Constructor_IntegerFactors_UseTheReadmeSigmaAndRadius(int input, int output, double sigma, int radius)
    {
        var weights = new AxisResampleWeights(input, output);

        Assert.Equal(sigma, weights.Sigma);
        Assert.Equal(radius, weights.Radius);
    }

    [Fact]
    public void Weights_EvenFactor_AreTheMeanOfTwoFilteredPixels()
    {
        var weights = new AxisResampleWeights(96, 12);
        double[] gaussian = Gaussian(3.5, 14);

        // Cell 5 reads position 8*5 + 3.5: the mean of filtered pixels 43 and 44, far from the borders.
        for (int pixel = 0; pixel < 96; pixel++)
        {
            double expected = 0.5 * (Tap(gaussian, pixel - 43) + Tap(gaussian, pixel - 44));
            Assert.Equal(expected, weights.Weight(5, pixel), 1e-15);
        }
    }

    [Fact]
    public void Weights_OddFactor_SampleOneFilteredPixel()
    {
        var weights = new AxisResampleWeights(36, 12);
        double[] gaussian = Gaussian(1.0, 4);

        // Factor 3: cell 6 reads position 3*6 + 1 = pixel 19 exactly.
        for (int pixel = 0; pixel < 36; pixel++)
            Assert.Equal(Tap(gaussian, pixel - 19), weights.Weight(6, pixel), 1e-15);
    }

    [Fact]
    public void Weights_ZeroPadding_LeavesBorderCellsSummingBelowOne()
    {
        var weights = new AxisResampleWeights(32, 8);

        Assert.True(Sum(weights, 0) < 1.0 - 1e-3);
        Assert.Equal(1.0, Sum(weights, 4), 1e-12);
    }

    [Fact]
    public void Constructor_OutputLargerThanInput_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AxisResampleWeights(8, 12));
    }

    private static double Sum(AxisResampleWeights weights, int output)
    {
        double sum = 0;
        foreach (double w in weights.Weights(output))
            sum += w;
        return sum;
    }

    private static double Tap(double[] gaussian, int offset)
    {
        int radius = gaussian.Length / 2;
        return Math.Abs(offset) <= radius ? gaussian[offset + radius] : 0.0;
    }

    private static double[] Gaussian(double sigma, int radius)
    {
        double[] k = Enumerable.Range(-radius, 2 * radius + 1).Select(x => Math.Exp(-x * x / (2 * sigma * sigma))).ToArray();
        double sum = k.Sum();
        return k.Select(v => v / sum).ToArray();
    }
}
