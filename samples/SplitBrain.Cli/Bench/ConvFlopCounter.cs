using SplitBrain.MLNet;
using SplitBrain.MLNet.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.Cli.Bench;

/// <summary>
/// Counts the convolution FLOPs of a split-brain network per image. A multiply-add counts as 2 FLOPs, so one
/// convolution costs 2·(Cin/groups)·Cout·k²·Hout·Wout per image. Batch norm, ReLU, pooling, the loss and the
/// optimizer are not counted. A training step is counted as 3× the forward FLOPs (the backward pass computes the
/// weight gradients and the input gradients, each about one forward); the first convolution's input gradient is
/// not actually computed, so this overstates the Simple pair by about 0.3% at 96×96.
/// </summary>
public static class ConvFlopCounter
{
    /// <summary>Forward plus backward, as a multiple of the forward FLOPs.</summary>
    public const double TrainingFactor = 3.0;

    /// <summary>
    /// Forward convolution FLOPs per image of the Simple pair (the 1-channel net predicting pairBins² classes and the
    /// 2-channel net predicting singleBins classes), worked out from the layer table alone.
    /// </summary>
    public static long SimplePairForwardFlops(int imageSize, int gridSize, int singleBins = 100, int pairBins = 10)
    {
        EncoderLayout layout = EncoderFactory.ChooseLayout(EncoderKind.Simple, imageSize, gridSize);
        return SequentialForwardFlops(SequentialEncoder.SimpleStages, layout, 1, pairBins * pairBins, imageSize)
            + SequentialForwardFlops(SequentialEncoder.SimpleStages, layout, 2, singleBins, imageSize);
    }

    /// <summary>Forward convolution FLOPs per image of any network, found by running one image through it and
    /// recording the output size of every Conv2d.</summary>
    internal static long MeasuredForwardFlops(SplitBrainNetwork network, int imageSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        long total = 0;
        var removers = new List<Action>();
        foreach (var module in network.modules())
        {
            if (module is TorchSharp.Modules.Conv2d conv)
            {
                var hook = conv.register_forward_hook((_, _, output) =>
                {
                    long perOutput = 2 * conv.weight!.numel() / conv.weight.shape[0];
                    total += perOutput * output.numel() / output.shape[0];
                    return output;
                });
                removers.Add(hook.remove);
            }
        }
        bool wasTraining = network.training;
        try
        {
            network.eval();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            Device device = network.parameters().First().device;
            network.call(zeros(1, SplitBrainNetwork.SingleInputChannels, imageSize, imageSize, device: device),
                zeros(1, SplitBrainNetwork.PairInputChannels, imageSize, imageSize, device: device));
        }
        finally
        {
            foreach (Action remove in removers)
                remove();
            network.train(wasTraining);
        }
        return total;
    }

    private static long SequentialForwardFlops(IReadOnlyList<ConvStage> stages, EncoderLayout layout, int inputChannels,
        int classes, int imageSize)
    {
        long flops = 0;
        int channels = inputChannels, size = imageSize;
        for (int index = 0; index < stages.Count; index++)
        {
            ConvStage stage = stages[index];
            int outChannels = index == stages.Count - 1 ? classes : stage.OutChannels;
            int convolved = SpatialSize.Window(size, stage.Kernel, stage.Stride, stage.PaddingFor(layout), stage.Dilation);
            flops += 2L * channels * outChannels * stage.Kernel * stage.Kernel * convolved * convolved;
            size = stage.OutputSize(size, layout);
            channels = outChannels;
        }
        return flops;
    }
}
