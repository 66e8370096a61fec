using SplitBrain.MLNet.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Tests.Networks;

/// <summary>The library's batch-norm layer computes what PyTorch's BatchNorm2d (as TorchSharp ships it) computes.</summary>
public class BatchNormalizationTests
{
    [Fact]
    public void TrainingAndEvalMatchTorchSharpsBatchNorm2d()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(7);
        using var ours = new BatchNormalization(3);
        using var theirs = nn.BatchNorm2d(3);
        using (no_grad())
        {
            // Give both the same non-trivial affine parameters.
            var scale = tensor(new[] { 0.5f, 2f, -1f });
            var shift = tensor(new[] { 0.1f, -0.3f, 2f });
            ours.Weight.copy_(scale); theirs.weight!.copy_(scale);
            ours.Bias.copy_(shift); theirs.bias!.copy_(shift);
        }
        Tensor batch1 = randn(4, 3, 5, 5) * 3 + 1, batch2 = randn(4, 3, 5, 5) * 0.5 - 2;

        Assert.True(allclose(ours.call(batch1), theirs.call(batch1), rtol: 1e-5, atol: 1e-5));
        Assert.True(allclose(ours.call(batch2), theirs.call(batch2), rtol: 1e-5, atol: 1e-5));
        var ourState = ours.state_dict();
        var theirState = theirs.state_dict();
        Assert.Equal(theirState.Keys.OrderBy(k => k), ourState.Keys.OrderBy(k => k));
        foreach (string key in new[] { "running_mean", "running_var" })
            Assert.True(allclose(ourState[key], theirState[key], rtol: 1e-5, atol: 1e-6), key);
        Assert.Equal(2L, ourState["num_batches_tracked"].item<long>());

        ours.eval(); theirs.eval();
        Assert.True(allclose(ours.call(batch1), theirs.call(batch1), rtol: 1e-5, atol: 1e-5));
        Assert.Equal(2L, ourState["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void NormalizesLinearLayerOutputsLikeBatchNorm1d()
    {
        using var scope = NewDisposeScope();
        using var ours = new BatchNormalization(4);
        using var theirs = nn.BatchNorm1d(4);
        Tensor rows = randn(6, 4) * 2 + 5;

        Assert.True(allclose(ours.call(rows), theirs.call(rows), rtol: 1e-5, atol: 1e-5));
        Assert.True(allclose(ours.state_dict()["running_mean"], theirs.state_dict()["running_mean"], rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void WrongChannelCountNamesBothShapes()
    {
        using var ours = new BatchNormalization(3);

        var error = Assert.Throws<ArgumentException>(() => ours.call(zeros(2, 4, 5, 5)));

        Assert.Contains("3 channels", error.Message);
        Assert.Contains("[2, 4, 5, 5]", error.Message);
    }
}
