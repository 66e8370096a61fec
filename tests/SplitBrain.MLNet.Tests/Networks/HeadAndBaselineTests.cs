using SplitBrain.MLNet.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Tests.Networks;

public class HeadAndBaselineTests
{
    [Theory]
    [InlineData(ClassifierHeadKind.Linear, 192 * 10 + 10)]
    [InlineData(ClassifierHeadKind.Mlp, 192 * 1000 + 1000 + 2 * 1000 + 1000 * 10 + 10)]
    public void HeadsMapFeatureVectorsToClassScores(ClassifierHeadKind kind, long parameterCount)
    {
        using var scope = NewDisposeScope();
        using var head = new ClassifierHead(kind, featureWidth: 192, classes: 10);

        Tensor scores = head.call(rand(4, 192));

        Assert.Equal(new long[] { 4, 10 }, scores.shape);
        Assert.Equal(parameterCount, head.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void HeadRejectsFeaturesOfTheWrongWidth()
    {
        using var scope = NewDisposeScope();
        using var head = new ClassifierHead(ClassifierHeadKind.Linear, featureWidth: 192, classes: 10);

        var error = Assert.Throws<ArgumentException>(() => head.call(rand(4, 191)));

        Assert.Contains("N×192", error.Message);
        Assert.Contains("[4, 191]", error.Message);
    }

    [Theory]
    [InlineData(96, 12, 28_800)]
    [InlineData(32, 8, 12_800)]
    public void AutoencoderReconstructsItsInputSizeAndSharesTheFeatureContract(int inputSize, int gridSize, int scoreMapWidth)
    {
        using var scope = NewDisposeScope();
        using var autoencoder = new DenoisingAutoencoder(inputSize: inputSize, gridSize: gridSize);
        Tensor images = rand(2, 3, inputSize, inputSize);

        Tensor reconstruction = autoencoder.call(images);
        Tensor scoreMaps = autoencoder.ForwardFeatures(images, SplitBrainFeatureKind.ScoreMaps);
        Tensor pooled = autoencoder.ForwardFeatures(images, SplitBrainFeatureKind.PooledHidden);

        Assert.Equal(images.shape, reconstruction.shape);
        Assert.True(reconstruction.min().item<float>() > 0 && reconstruction.max().item<float>() < 1);
        Assert.Equal(new long[] { 2, scoreMapWidth }, scoreMaps.shape);
        Assert.Equal(scoreMapWidth, autoencoder.FeatureWidth(SplitBrainFeatureKind.ScoreMaps));
        Assert.Equal(new long[] { 2, 96 }, pooled.shape);
    }

    [Fact]
    public void AutoencoderRejectsSidesThatAreNotMultiplesOfFour()
    {
        using var scope = NewDisposeScope();
        using var autoencoder = new DenoisingAutoencoder(inputSize: 96, gridSize: 12);

        var error = Assert.Throws<ArgumentException>(() => autoencoder.call(rand(1, 3, 98, 98)));

        Assert.Contains("98×98", error.Message);
        Assert.Contains("96×96", error.Message);
    }

    [Fact]
    public void AutoencoderLearnsToDenoiseATinyBatch()
    {
        using var scope = NewDisposeScope();
        manual_seed(31);
        using var autoencoder = new DenoisingAutoencoder(codeChannels: 16, inputSize: 32, gridSize: 8);
        var generator = new Generator(31);
        Tensor clean = rand(4, 3, 32, 32);
        Tensor noisy = SaltAndPepperNoise.Apply(clean, generator);
        var optimizer = optim.Adam(autoencoder.parameters(), lr: 0.01);

        double firstLoss = 0, lastLoss = 0;
        for (int step = 0; step < 30; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss = nn.functional.mse_loss(autoencoder.call(noisy), clean);
            loss.backward();
            optimizer.step();
            if (step == 0)
                firstLoss = loss.item<float>();
            lastLoss = loss.item<float>();
        }

        // Measured with this seed: 0.093 → 0.057 after 30 steps.
        Assert.True(lastLoss < firstLoss * 0.8, $"loss went from {firstLoss} to {lastLoss}");
    }

    [Fact]
    public void NoiseCorruptsExactlyFivePercentOfPixelsToBlackOrWhite()
    {
        using var scope = NewDisposeScope();
        Tensor clean = full(new long[] { 2, 3, 20, 20 }, 0.5f);

        Tensor noisy = SaltAndPepperNoise.Apply(clean, new Generator(7));

        // A changed pixel has all three channels equal to 0 or all equal to 1.
        Tensor changed = noisy.ne(clean).any(1);
        Assert.Equal(new long[] { 20, 20 }, changed.sum(new long[] { 1, 2 }).data<long>().ToArray());
        Tensor channelsAgree = noisy.eq(noisy.narrow(1, 0, 1)).all(1);
        Assert.True(channelsAgree.logical_or(changed.logical_not()).all().item<bool>());
        Tensor values = noisy.narrow(1, 0, 1).squeeze(1).masked_select(changed);
        Assert.True(values.eq(0).logical_or(values.eq(1)).all().item<bool>());
        Assert.True(values.eq(0).any().item<bool>() && values.eq(1).any().item<bool>());
        Assert.True(clean.eq(0.5f).all().item<bool>());
    }

    [Fact]
    public void NoiseIsDeterminedByTheGeneratorSeed()
    {
        using var scope = NewDisposeScope();
        Tensor clean = rand(2, 3, 16, 16);

        Tensor first = SaltAndPepperNoise.Apply(clean, new Generator(9));
        Tensor again = SaltAndPepperNoise.Apply(clean, new Generator(9));
        Tensor other = SaltAndPepperNoise.Apply(clean, new Generator(10));

        Assert.True(TensorAssert.SameValues(first, again));
        Assert.False(TensorAssert.SameValues(first, other));
    }
}
