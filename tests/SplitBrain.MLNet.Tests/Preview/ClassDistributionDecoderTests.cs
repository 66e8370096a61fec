using SplitBrain.MLNet.Colour;
using SplitBrain.MLNet.Preview;
using Xunit;

namespace SplitBrain.MLNet.Tests.Preview;

public sealed class ClassDistributionDecoderTests
{
    private static double Decode(float[] logits, double[] centres, ColorDecoding decoding, double temperature)
    {
        var weights = new double[logits.Length];
        ClassDistributionDecoder.Weights(logits, decoding, temperature, weights);
        return ClassDistributionDecoder.Expectation(weights, centres);
    }

    [Fact]
    public void AnnealedMeanAtTemperatureOne_IsThePlainExpectation()
    {
        // p = (1, 2, 3, 4) / 10 up to the softmax constant: logits ln 1 .. ln 4 plus an arbitrary shift.
        float[] logits = [(float)(Math.Log(1) + 7), (float)(Math.Log(2) + 7), (float)(Math.Log(3) + 7), (float)(Math.Log(4) + 7)];
        double[] centres = [10, 20, 30, 40];

        double value = Decode(logits, centres, ColorDecoding.AnnealedMean, 1.0);

        Assert.Equal(0.1 * 10 + 0.2 * 20 + 0.3 * 30 + 0.4 * 40, value, 1e-5);
    }

    [Fact]
    public void AnnealedMeanAtHalfTemperature_SquaresTheProbabilities()
    {
        // p = (1/3, 2/3); exp(log p / 0.5) = p², so q = (1, 4) / 5.
        float[] logits = [0f, (float)Math.Log(2)];

        double value = Decode(logits, [0.0, 1.0], ColorDecoding.AnnealedMean, 0.5);

        Assert.Equal(0.8, value, 1e-6);
    }

    [Fact]
    public void AnnealedMeanAtSmallTemperature_ApproachesTheMode()
    {
        float[] logits = [1.0f, 1.2f, 0.9f];
        double[] centres = [0, 5, 100];

        double mode = Decode(logits, centres, ColorDecoding.Mode, 1.0);
        double[] distances = new[] { 1.0, 0.38, 0.1, 0.03 }
            .Select(t => Math.Abs(Decode(logits, centres, ColorDecoding.AnnealedMean, t) - mode)).ToArray();
        double cold = Decode(logits, centres, ColorDecoding.AnnealedMean, 0.005);
        double frozen = Decode(logits, centres, ColorDecoding.AnnealedMean, 1e-300);

        Assert.Equal(5.0, mode);
        for (int i = 1; i < distances.Length; i++)
            Assert.True(distances[i] < distances[i - 1], $"distances to the mode: {string.Join(", ", distances)}");
        Assert.True(distances[0] > 20, $"T=1 should stay far from the mode here; got {distances[0]}");
        Assert.Equal(5.0, cold, 1e-6);
        Assert.Equal(5.0, frozen);
    }

    [Fact]
    public void Mode_TakesTheLowestIndexOnATie()
    {
        Assert.Equal(20.0, Decode([0f, 3f, 3f, 1f], [10, 20, 30, 40], ColorDecoding.Mode, 0.38));
    }

    [Fact]
    public void NonFiniteAndHugeScores_GiveFiniteWeightsThatSumToOne()
    {
        var weights = new double[4];

        ClassDistributionDecoder.Weights([float.NaN, float.PositiveInfinity, 3f, float.PositiveInfinity],
            ColorDecoding.AnnealedMean, 0.38, weights);
        Assert.Equal([0.0, 0.5, 0.0, 0.5], weights);

        ClassDistributionDecoder.Weights([float.NaN, float.NaN, float.NegativeInfinity, float.NaN],
            ColorDecoding.AnnealedMean, 0.38, weights);
        Assert.Equal([0.25, 0.25, 0.25, 0.25], weights);

        ClassDistributionDecoder.Weights([float.NaN, float.NaN, float.NaN, float.NaN], ColorDecoding.Mode, 1.0, weights);
        Assert.Equal([0.25, 0.25, 0.25, 0.25], weights);

        ClassDistributionDecoder.Weights([float.MaxValue, -float.MaxValue, float.NaN, float.MaxValue / 2],
            ColorDecoding.AnnealedMean, 1e-30, weights);
        Assert.Equal([1.0, 0.0, 0.0, 0.0], weights);

        ClassDistributionDecoder.Weights([1e30f, 1e30f, -1e30f, 0f], ColorDecoding.AnnealedMean, double.Epsilon, weights);
        Assert.Equal([0.5, 0.5, 0.0, 0.0], weights);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.38)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void BadTemperature_IsRejected(double temperature)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ClassDistributionDecoder.Weights([1f, 2f], ColorDecoding.AnnealedMean, temperature, new double[2]));
        Assert.Equal("temperature", error.ParamName);
    }

    [Fact]
    public void DecodingOneHotJointClasses_GivesTheirAbBinCentres()
    {
        // Lab defaults: a on [-87, 99] and b on [-108, 95], 10 bins each: a bin is 18.6 wide, b bin 20.3.
        var settings = new LabQuantizerSettings(ColorSpace.Lab, gridSize: 2, singleBins: 100, pairBins: 10);
        int classes = settings.PairClasses, cells = 4;
        int[] classOfCell = [0, 99, 37, 52];
        var scores = new float[classes * cells];
        for (int cell = 0; cell < cells; cell++)
            scores[classOfCell[cell] * cells + cell] = 40f;
        var firstCentres = new double[classes];
        var secondCentres = new double[classes];
        for (int k = 0; k < classes; k++)
            (firstCentres[k], secondCentres[k]) = settings.PairBinCentre(k);
        double[] a = new double[cells], b = new double[cells];

        ClassDistributionDecoder.DecodeGrid(scores, cells, ColorDecoding.AnnealedMean, 0.38, firstCentres, secondCentres, a, b);

        for (int cell = 0; cell < cells; cell++)
        {
            int aBin = classOfCell[cell] / 10, bBin = classOfCell[cell] % 10;
            Assert.Equal(-87 + (aBin + 0.5) * 18.6, a[cell], 1e-9);
            Assert.Equal(-108 + (bBin + 0.5) * 20.3, b[cell], 1e-9);
        }
    }

    [Fact]
    public void DecodingAnEvenSplitBetweenTwoJointClasses_GivesTheMidpointOfTheirCentres()
    {
        var settings = new LabQuantizerSettings(ColorSpace.Lab, gridSize: 1, singleBins: 100, pairBins: 10);
        var scores = new float[settings.PairClasses];
        scores[12] = 5f; // a bin 1, b bin 2
        scores[87] = 5f; // a bin 8, b bin 7
        var firstCentres = new double[settings.PairClasses];
        var secondCentres = new double[settings.PairClasses];
        for (int k = 0; k < settings.PairClasses; k++)
            (firstCentres[k], secondCentres[k]) = settings.PairBinCentre(k);
        double[] a = new double[1], b = new double[1];

        ClassDistributionDecoder.DecodeGrid(scores, 1, ColorDecoding.AnnealedMean, 0.01, firstCentres, secondCentres, a, b);

        Assert.Equal(-87 + 5.0 * 18.6, a[0], 1e-6);   // midpoint of bins 1 and 8: centre of "bin 4.5"
        Assert.Equal(-108 + 5.0 * 20.3, b[0], 1e-6);  // midpoint of bins 2 and 7
    }
}
