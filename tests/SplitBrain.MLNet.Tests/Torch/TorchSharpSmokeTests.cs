using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Tests.Torch;

public class TorchSharpSmokeTests
{
    [Fact]
    public void ConvolutionForwardAndBackwardMatchHandComputedValues()
    {
        // A 1x1x3x3 input of ones and a 2x2 kernel of ones: every output cell sums four ones.
        using var scope = NewDisposeScope();
        var input = ones(1, 1, 3, 3, requires_grad: true);
        var kernel = ones(1, 1, 2, 2, requires_grad: true);

        var output = nn.functional.conv2d(input, kernel);
        output.sum().backward();

        Assert.Equal(new long[] { 1, 1, 2, 2 }, output.shape);
        Assert.All(output.data<float>().ToArray(), v => Assert.Equal(4f, v));
        // d(sum)/d(kernel) is the sum of the input over each of the 4 windows: 4 per weight.
        Assert.All(kernel.grad!.data<float>().ToArray(), v => Assert.Equal(4f, v));
        // The centre input pixel lies in all 4 windows, the corners in 1.
        var inputGrad = input.grad!.data<float>().ToArray();
        Assert.Equal(4f, inputGrad[4]);
        Assert.Equal(1f, inputGrad[0]);
    }
}
