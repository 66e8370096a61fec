using SplitBrain.MLNet.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Tests.Networks;

public class SplitBrainNetworkTests
{
    [Fact]
    public void SimplePairHasTheParameterCountOfItsLayerList()
    {
        // Per net: conv weights in·out·k² + out biases, BN weight + bias 2·out.
        //   conv0 in·12·16+12, bn 24 | conv3 12·24·16+24 = 4632, bn 48 | conv6 24·48·25+48 = 28848, bn 96
        //   conv9 48·96·25+96 = 115296, bn 192 | conv12 96·100·25+100 = 240100
        // single net (in 1): 204 + 24 + 4632 + 48 + 28848 + 96 + 115296 + 192 + 240100 = 389440
        // pair net (in 2): the first conv has 12·16 = 192 more weights: 389632.
        using var network = new SplitBrainNetwork(EncoderKind.Simple);

        long parameters = network.parameters().Sum(p => p.numel());

        Assert.Equal(389_440 + 389_632, parameters);
    }

    [Fact]
    public void ForwardReturnsJointPairClassesAndSingleClassesOnTheGrid()
    {
        using var scope = NewDisposeScope();
        using var network = new SplitBrainNetwork(EncoderKind.Simple, singleBins: 50, pairBins: 7, inputSize: 32, gridSize: 8);

        var (singleToPair, pairToSingle) = network.call(rand(3, 1, 32, 32), rand(3, 2, 32, 32));

        Assert.Equal(new long[] { 3, 49, 8, 8 }, singleToPair.shape);
        Assert.Equal(new long[] { 3, 50, 8, 8 }, pairToSingle.shape);
    }

    [Theory]
    [InlineData(EncoderKind.Simple, 96, 12, 28_800, 192)]
    [InlineData(EncoderKind.Simple, 32, 8, 12_800, 192)]
    [InlineData(EncoderKind.ResNet18, 32, 8, 12_800, 512)]
    public void FeatureVectorsHaveTheAdvertisedWidths(EncoderKind kind, int inputSize, int gridSize, int scoreMapWidth,
        int pooledWidth)
    {
        using var scope = NewDisposeScope();
        using var network = new SplitBrainNetwork(kind, inputSize: inputSize, gridSize: gridSize);
        network.eval();
        using var noGrad = no_grad();
        Tensor single = rand(2, 1, inputSize, inputSize), pair = rand(2, 2, inputSize, inputSize);

        Tensor scoreMaps = network.ForwardFeatures(single, pair, SplitBrainFeatureKind.ScoreMaps);
        Tensor pooled = network.ForwardFeatures(single, pair, SplitBrainFeatureKind.PooledHidden);

        Assert.Equal(scoreMapWidth, network.ScoreMapFeatureWidth);
        Assert.Equal(pooledWidth, network.PooledFeatureWidth);
        Assert.Equal(new long[] { 2, scoreMapWidth }, scoreMaps.shape);
        Assert.Equal(new long[] { 2, pooledWidth }, pooled.shape);
    }

    [Fact]
    public void ScoreMapFeaturesAreTheSingleNetMapsThenThePairNetMapsFlattened()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var network = new SplitBrainNetwork(EncoderKind.Simple, inputSize: 32, gridSize: 8);
        network.eval();
        using var noGrad = no_grad();
        Tensor single = rand(2, 1, 32, 32), pair = rand(2, 2, 32, 32);

        Tensor features = network.ForwardFeatures(single, pair, SplitBrainFeatureKind.ScoreMaps);
        var (singleToPair, pairToSingle) = network.call(single, pair);
        Tensor pooledSingle = network.SingleNet.ForwardHidden(single).mean(new long[] { 2, 3 });
        Tensor pooled = network.ForwardFeatures(single, pair, SplitBrainFeatureKind.PooledHidden);

        Assert.True(TensorAssert.SameValues(features.narrow(1, 0, 100 * 64), singleToPair.flatten(1)));
        Assert.True(TensorAssert.SameValues(features.narrow(1, 100 * 64, 100 * 64), pairToSingle.flatten(1)));
        Assert.True(pooled.narrow(1, 0, 96).allclose(pooledSingle));
    }

    [Fact]
    public void MismatchedBatchesAreRejected()
    {
        using var scope = NewDisposeScope();
        using var network = new SplitBrainNetwork(EncoderKind.Simple, inputSize: 32, gridSize: 8);

        var error = Assert.Throws<ArgumentException>(
            () => network.ForwardFeatures(rand(2, 1, 32, 32), rand(3, 2, 32, 32), SplitBrainFeatureKind.ScoreMaps));

        Assert.Contains("[2, 1, 32, 32]", error.Message);
        Assert.Contains("[3, 2, 32, 32]", error.Message);
    }


    [Theory]
    [InlineData(EncoderKind.Simple)]
    [InlineData(EncoderKind.ResNet18)]
    [InlineData(EncoderKind.GoogLeNet)]
    public void EvalOutputOfAnImageDoesNotDependOnTheRestOfTheBatch(EncoderKind kind)
    {
        using var scope = NewDisposeScope();
        manual_seed(13);
        using Encoder encoder = EncoderFactory.Create(kind, 1, 20, inputSize: 32, gridSize: 8);
        TrainOneBatchNormStep(encoder, rand(4, 1, 32, 32));
        encoder.eval();
        using var noGrad = no_grad();
        Tensor batch = rand(3, 1, 32, 32);

        Tensor together = encoder.call(batch);
        Tensor alone = encoder.call(batch.narrow(0, 1, 1));

        double difference = (together.narrow(0, 1, 1) - alone).abs().max().item<float>();
        Assert.True(difference < 1e-5, $"image 1 changed by {difference} with its batch");
    }

    /// <summary>A training-mode pass moves the BatchNorm statistics off their initial values.</summary>
    private static void TrainOneBatchNormStep(nn.Module<Tensor, Tensor> module, Tensor batch)
    {
        module.train();
        using var noGrad = no_grad();
        module.call(batch).Dispose();
    }
}
