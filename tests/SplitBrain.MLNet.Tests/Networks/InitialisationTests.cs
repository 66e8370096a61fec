using SplitBrain.MLNet.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Tests.Networks;

[Collection(GlobalTorchSeedCollection.Name)]
public class InitialisationTests
{
    [Theory]
    [InlineData(EncoderKind.Simple)]
    [InlineData(EncoderKind.ResNet18)]
    public void InitialisationIsDeterminedByTheTorchSeed(EncoderKind kind)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var first = new SplitBrainNetwork(kind, inputSize: 32, gridSize: 8);
        manual_seed(11);
        using var second = new SplitBrainNetwork(kind, inputSize: 32, gridSize: 8);
        manual_seed(12);
        using var third = new SplitBrainNetwork(kind, inputSize: 32, gridSize: 8);

        var secondState = second.state_dict();
        var thirdState = third.state_dict();
        bool anyDifferent = false;
        foreach (var (key, tensor) in first.state_dict())
        {
            Assert.True(TensorAssert.SameValues(tensor, secondState[key]), $"{key} differs under the same seed");
            anyDifferent |= !TensorAssert.SameValues(tensor, thirdState[key]);
        }
        Assert.True(anyDifferent, "a different seed gave identical weights");
    }
}
