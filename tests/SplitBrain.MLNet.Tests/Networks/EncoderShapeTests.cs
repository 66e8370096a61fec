using SplitBrain.MLNet.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Tests.Networks;

public class EncoderShapeTests
{
    [Theory]
    [InlineData(EncoderKind.Simple, 96, 12, false, 12)]
    [InlineData(EncoderKind.Simple, 32, 8, true, 8)]
    [InlineData(EncoderKind.ResNet18, 96, 12, false, 24)]
    [InlineData(EncoderKind.ResNet18, 32, 8, false, 8)]
    [InlineData(EncoderKind.ResNet18NoFinalRelu, 96, 12, false, 24)]
    [InlineData(EncoderKind.ResNet18NoFinalRelu, 32, 8, false, 8)]
    public void SmallEncodersPredictEveryGridCell(EncoderKind kind, int inputSize, int gridSize, bool compact,
        int scoreMapSize)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using Encoder encoder = EncoderFactory.Create(kind, inputChannels: 2, classes: 100, inputSize, gridSize);
        encoder.eval();
        using var noGrad = no_grad();
        Tensor input = rand(2, 2, inputSize, inputSize);

        Assert.Equal(compact ? EncoderLayout.Compact : EncoderLayout.Reference, encoder.Layout);
        Assert.Equal(new long[] { 2, 100, scoreMapSize, scoreMapSize }, encoder.ForwardScoreMap(input).shape);
        Assert.Equal(new long[] { 2, 100, gridSize, gridSize }, encoder.call(input).shape);
    }

    [Theory]
    [InlineData(96, 12, false, 12)]
    [InlineData(32, 8, true, 13)]
    public void AlexNetPredictsEveryGridCell(int inputSize, int gridSize, bool compact, int scoreMapSize)
    {
        AssertLargeEncoderShapes(EncoderKind.AlexNet, inputSize, gridSize, compact, scoreMapSize, hiddenChannels: 4096);
    }

    [Theory]
    [InlineData(96, 12, false, 12)]
    [InlineData(32, 8, true, 8)]
    public void GoogLeNetPredictsEveryGridCell(int inputSize, int gridSize, bool compact, int scoreMapSize)
    {
        AssertLargeEncoderShapes(EncoderKind.GoogLeNet, inputSize, gridSize, compact, scoreMapSize, hiddenChannels: 1024);
    }

    [Theory]
    [InlineData(EncoderKind.Simple, false, 52)]
    [InlineData(EncoderKind.Simple, true, 4)]
    [InlineData(EncoderKind.AlexNet, false, 8)]
    [InlineData(EncoderKind.GoogLeNet, false, 14)]
    [InlineData(EncoderKind.GoogLeNet, true, 7)]
    [InlineData(EncoderKind.ResNet18, false, 1)]
    public void SmallestInputIsTheFirstSizeWithANonEmptyScoreMap(EncoderKind kind, bool compact, int minimum)
    {
        EncoderLayout layout = compact ? EncoderLayout.Compact : EncoderLayout.Reference;
        Assert.True(EncoderFactory.MapSize(kind, layout, minimum) >= 1);
        Assert.True(minimum == 1 || EncoderFactory.MapSize(kind, layout, minimum - 1) < 1);
    }

    [Fact]
    public void TooSmallInputIsRejectedWithItsSizeAndTheMinimum()
    {
        using var scope = NewDisposeScope();
        using Encoder encoder = EncoderFactory.Create(EncoderKind.Simple, 1, 100, inputSize: 96, gridSize: 12);
        Assert.Equal(52, encoder.MinimumInputSize);

        var error = Assert.Throws<ArgumentException>(() => encoder.call(rand(1, 1, 51, 51)));

        Assert.Contains("51×51", error.Message);
        Assert.Contains("52×52", error.Message);
    }

    [Fact]
    public void ScoreMapSmallerThanTheGridIsRejectedWithBothSizes()
    {
        using var scope = NewDisposeScope();
        using Encoder encoder = EncoderFactory.Create(EncoderKind.Simple, 1, 100, inputSize: 96, gridSize: 12);

        // 64 → 32 → 16 → 12 → 8 → 4: a 4×4 map cannot fill the 12×12 grid.
        var error = Assert.Throws<ArgumentException>(() => encoder.call(rand(1, 1, 64, 64)));

        Assert.Contains("4×4", error.Message);
        Assert.Contains("12×12", error.Message);
    }

    [Fact]
    public void BuildingForAnInputTooSmallForTheGridNamesTheSmallestWorkingInput()
    {
        // Compact Simple keeps H/4: an 8×8 grid needs 32×32 images, a 16×16 image gives a 4×4 map.
        var error = Assert.Throws<ArgumentException>(
            () => EncoderFactory.Create(EncoderKind.Simple, 1, 100, inputSize: 16, gridSize: 8));

        Assert.Contains("16×16", error.Message);
        Assert.Contains("4×4", error.Message);
        Assert.Contains("32×32", error.Message);
    }

    [Fact]
    public void WrongChannelCountIsRejected()
    {
        using var scope = NewDisposeScope();
        using Encoder encoder = EncoderFactory.Create(EncoderKind.Simple, 2, 100, inputSize: 96, gridSize: 12);

        var error = Assert.Throws<ArgumentException>(() => encoder.call(rand(1, 1, 96, 96)));

        Assert.Contains("N×2×H×W", error.Message);
        Assert.Contains("[1, 1, 96, 96]", error.Message);
    }

    [Fact]
    public void ResNet18ScoresAreNeverNegativeButTheVariantsCanBe()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using Encoder withRelu = EncoderFactory.Create(EncoderKind.ResNet18, 1, 10, inputSize: 32, gridSize: 8);
        using Encoder withoutRelu = EncoderFactory.Create(EncoderKind.ResNet18NoFinalRelu, 1, 10, inputSize: 32, gridSize: 8);
        Tensor input = randn(2, 1, 32, 32);

        double smallestWithRelu = withRelu.call(input).min().item<float>();
        double smallestWithoutRelu = withoutRelu.call(input).min().item<float>();

        Assert.True(smallestWithRelu >= 0, $"ResNet18 produced a negative score {smallestWithRelu}");
        Assert.True(smallestWithoutRelu < 0, $"ResNet18NoFinalRelu never went below zero (min {smallestWithoutRelu})");
    }

    private static void AssertLargeEncoderShapes(EncoderKind kind, int inputSize, int gridSize, bool compact,
        int scoreMapSize, int hiddenChannels)
    {
        using var scope = NewDisposeScope();
        using Encoder encoder = EncoderFactory.Create(kind, inputChannels: 1, classes: 100, inputSize, gridSize);
        encoder.eval();
        using var noGrad = no_grad();
        Tensor input = rand(1, 1, inputSize, inputSize);

        Tensor hidden = encoder.ForwardHidden(input);
        Tensor scores = encoder.ForwardHead(hidden);

        Assert.Equal(compact ? EncoderLayout.Compact : EncoderLayout.Reference, encoder.Layout);
        Assert.Equal(hiddenChannels, encoder.HiddenChannels);
        Assert.Equal(hiddenChannels, hidden.shape[1]);
        Assert.Equal(scoreMapSize, encoder.ScoreMapSize(inputSize));
        Assert.Equal(new long[] { 1, 100, gridSize, gridSize }, scores.shape);
    }
}
