using Microsoft.ML;
using SplitBrain.MLNet.Tests.Networks;
using SplitBrain.MLNet.Tests.TestData;
using TorchSharp;
using Xunit;

namespace SplitBrain.MLNet.Tests.Training;

/// <summary>
/// Native memory stays flat during training: every tensor a step makes is freed by the end of that step, so the
/// number of live TorchSharp tensors on the training thread is the same after step 100 as after step 500.
/// (A count, not a timing or a byte measurement: it cannot be disturbed by the machine's load.)
/// </summary>
[Collection(GlobalTorchSeedCollection.Name)]
public class NativeMemoryTests
{
    [Fact]
    public void LiveTensorCountIsTheSameAfterStep100AndStep500()
    {
        var ml = new MLContext(seed: 1);
        // 40 images in batches of 4: 10 steps an epoch, 50 epochs = 500 steps.
        IDataView quantized = ml.Transforms.LabQuantize(gridSize: 8).Fit(ml.Data.LoadFromEnumerable(GeneratedImages.Rows(1, seed: 1)))
            .Transform(ml.Data.LoadFromEnumerable(GeneratedImages.Rows(40, seed: 1)));
        var liveAfterStep = new Dictionary<long, long>();
        long step = 0;
        var progress = new SynchronousProgress(p =>
        {
            if (!p.EpochFinished)
                liveAfterStep[++step] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        });

        using var model = ml.Transforms.SplitBrainPretrain(new SplitBrainPretrainEstimator.Options
        {
            Epochs = 50, BatchSize = 4, Seed = 1, Device = ComputeDevice.Cpu, Progress = progress,
        }).Fit(quantized);

        Assert.Equal(500, step);
        Assert.True(liveAfterStep[100] > 0, "the counter sees this thread's tensors (the network's weights at least)");
        Assert.Equal(liveAfterStep[100], liveAfterStep[500]);
        Assert.Equal(liveAfterStep[100], liveAfterStep[250]);
    }

    /// <summary>Reports on the training thread, unlike <see cref="Progress{T}"/>, which posts to the thread pool.</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
