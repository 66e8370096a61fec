using SplitBrain.MLNet.Colour;
using Xunit;

namespace SplitBrain.MLNet.Tests.Colour;

public sealed class BinRangeTests
{
    [Theory]
    [InlineData(0.0, 101.0, 100)]
    [InlineData(-87.0, 99.0, 10)]
    [InlineData(-108.0, 95.0, 10)]
    [InlineData(0.0, 1.01, 100)]
    [InlineData(0.0, 1.01, 10)]
    [InlineData(-3.7, 12.9, 7)]
    public void Digitize_ValueOnAnEdge_GoesToTheBinAbove_AndJustBelowItToTheBinUnder(double low, double high, int bins)
    {
        var range = new BinRange(low, high);
        for (int k = 1; k < bins; k++)
        {
            double edge = k * ((high - low) / bins) + low;      // numpy's linspace formula

            Assert.Equal(edge, range.Edge(k, bins));
            Assert.Equal(k, range.Digitize(edge, bins));
            Assert.Equal(k - 1, range.Digitize(Math.BitDecrement(edge), bins));
        }

        Assert.Equal(0, range.Digitize(low, bins));
        Assert.Equal(high, range.Edge(bins, bins));
    }

    [Fact]
    public void Digitize_OutsideTheRange_ClampsToTheEndBins()
    {
        var range = new BinRange(0.0, 101.0);

        Assert.Equal(0, range.Digitize(-0.5, 100));
        Assert.Equal(0, range.Digitize(double.NegativeInfinity, 100));
        Assert.Equal(99, range.Digitize(101.0, 100));               // numpy gives 100 at hi; clamped
        Assert.Equal(99, range.Digitize(Math.BitDecrement(101.0), 100));
        Assert.Equal(99, range.Digitize(1e9, 100));
        Assert.Equal(99, range.Digitize(double.NaN, 100));          // numpy sorts NaN last
    }

    [Fact]
    public void Digitize_InteriorValues_MatchCountingEdges()
    {
        var range = new BinRange(-87.0, 99.0);
        var random = new Random(20190510);
        for (int i = 0; i < 10_000; i++)
        {
            double value = -90 + 192 * random.NextDouble();
            int count = 0;
            for (int k = 0; k <= 10; k++)
                count += range.Edge(k, 10) <= value ? 1 : 0;

            Assert.Equal(Math.Clamp(count - 1, 0, 9), range.Digitize(value, 10));
        }
    }

    [Fact]
    public void Centre_IsMidwayBetweenTheBinEdges()
    {
        Assert.Equal(53.025, new BinRange(0.0, 101.0).Centre(52, 100), 1e-12);
        Assert.Equal(71.1, new BinRange(-87.0, 99.0).Centre(8, 10), 1e-12);
        Assert.Equal(0.0505, new BinRange(0.0, 1.01).Centre(0, 10), 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinRange(0.0, 1.0).Centre(10, 10));
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(0.0, double.PositiveInfinity)]
    public void Constructor_HighNotAboveLow_Throws(double low, double high)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BinRange(low, high, "singleRange"));

        Assert.Equal("singleRange", error.ParamName);
        Assert.Contains("high > low", error.Message);
    }
}
