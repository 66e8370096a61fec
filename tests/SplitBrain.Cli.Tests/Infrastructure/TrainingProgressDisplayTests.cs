using SplitBrain.Cli.Infrastructure;
using SplitBrain.MLNet;
using Xunit;

namespace SplitBrain.Cli.Tests.Infrastructure;

public sealed class TrainingProgressDisplayTests
{
    [Fact]
    public void StepLineShowsPositionLossesThroughputAndEta()
    {
        var progress = Snapshot(epoch: 2, step: 120, elapsedSeconds: 100, single: 3.9124, pair: 4.0006, imagesPerSecond: 88.14);

        string line = TrainingProgressFormatter.FormatStepLine(progress, TimeSpan.FromSeconds(432));

        Assert.Equal("pretrain epoch 2/5 step 120/782 single 3.912 pair 4.001 88.1 img/s eta 0:07:12", line);
        Assert.EndsWith("eta ?", TrainingProgressFormatter.FormatStepLine(progress, null));
    }

    [Fact]
    public void EpochLineShowsMeansElapsedAndValidation()
    {
        var progress = Snapshot(epoch: 3, step: 782, elapsedSeconds: 3723, single: 3.5, pair: 3.75, imagesPerSecond: 90,
            finished: true, validation: new Dictionary<string, double> { ["top1"] = 0.4126, ["top5"] = 0.87 });

        Assert.Equal("pretrain epoch 3/5 done single 3.500 pair 3.750 90.0 img/s elapsed 1:02:03 val top1 0.413 top5 0.870",
            TrainingProgressFormatter.FormatEpochLine(progress));
    }

    [Theory]
    [InlineData(0, "0:00:00")]
    [InlineData(59.6, "0:01:00")]
    [InlineData(3599, "0:59:59")]
    [InlineData(97329, "27:02:09")]
    [InlineData(-5, "0:00:00")]
    public void DurationsAreHoursMinutesSeconds(double seconds, string expected) =>
        Assert.Equal(expected, TrainingProgressFormatter.FormatDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void EtaExtrapolatesTheObservedStepRate()
    {
        var eta = new EtaEstimator();
        // 5 epochs of 100 steps. First seen at epoch 1 step 10 after 20 s, then at epoch 2 step 10 after 120 s:
        // 100 steps took 100 s, 390 steps remain.
        Assert.Null(eta.Estimate(Snapshot(1, 10, 20, steps: 100)));
        Assert.Equal(TimeSpan.FromSeconds(390), eta.Estimate(Snapshot(2, 10, 120, steps: 100)));

        // A new phase starts the estimate afresh.
        Assert.Null(eta.Estimate(Snapshot(1, 5, 130, steps: 100, phase: "finetune")));
        Assert.Equal(TimeSpan.FromSeconds(490), eta.Estimate(Snapshot(1, 10, 135, steps: 100, phase: "finetune")));
    }

    [Fact]
    public void PlainOutputPrintsEveryEpochEndAndAStepLinePerInterval()
    {
        var writer = new StringWriter();
        TimeSpan now = TimeSpan.Zero;
        var display = new TrainingProgressDisplay(writer, interactive: false, TimeSpan.FromSeconds(10), () => now,
            startDrawingThread: false);

        display.Report(Snapshot(1, 10, 5, steps: 100));
        now = TimeSpan.FromSeconds(5);
        display.Pump(); // interval not reached: nothing
        Assert.Equal("", writer.ToString());

        now = TimeSpan.FromSeconds(11);
        display.Report(Snapshot(1, 20, 11, steps: 100));
        display.Pump();
        display.Pump(); // same snapshot: not printed twice

        display.Report(Snapshot(1, 100, 50, steps: 100, finished: true));
        display.Report(Snapshot(2, 3, 52, steps: 100));
        now = TimeSpan.FromSeconds(60);
        display.Pump(); // the epoch end is printed; the step line waits for the next interval

        display.Report(Snapshot(2, 40, 70, steps: 100));
        now = TimeSpan.FromSeconds(71);
        display.Pump();
        display.Report(Snapshot(2, 100, 80, steps: 100, finished: true));
        display.Dispose();

        string[] lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("pretrain epoch 1/5 step 20/100 ", lines[0]);
        Assert.EndsWith("eta ?", lines[0]);
        Assert.StartsWith("pretrain epoch 1/5 done ", lines[1]);
        Assert.StartsWith("pretrain epoch 2/5 step 40/100 ", lines[2]);
        // From (1, 20) at 11 s to (2, 40) at 70 s: 120 steps in 59 s; 360 steps left -> 177 s.
        Assert.EndsWith("eta 0:02:57", lines[2]);
        Assert.StartsWith("pretrain epoch 2/5 done ", lines[3]);
    }

    [Fact]
    public async Task ReportingFromTheTrainingThreadDoesNotWaitForTheConsole()
    {
        var writer = new BlockingWriter();
        long clockSeconds = 0;
        var display = new TrainingProgressDisplay(writer, interactive: false, TimeSpan.FromMilliseconds(1),
            () => TimeSpan.FromSeconds(Interlocked.Increment(ref clockSeconds)), startDrawingThread: true);
        try
        {
            // The drawing thread blocks inside the writer; Report must still return, every time.
            display.Report(Snapshot(1, 1, 1, steps: 100));
            Assert.True(writer.Entered.Wait(TimeSpan.FromSeconds(30)), "The drawing thread never wrote.");
            var reporting = Task.Run(() =>
            {
                for (int step = 2; step <= 1000; step++)
                {
                    display.Report(Snapshot(1, step % 100, step, steps: 100, finished: step % 100 == 0));
                }
            });
            // WaitAsync throws a TimeoutException if Report blocked while the console was busy.
            await reporting.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            writer.Release.Set();
            display.Dispose();
        }

        Assert.Contains("pretrain epoch 1/5 done", writer.ToString());
    }

    private static TrainingProgress Snapshot(
        int epoch, long step, double elapsedSeconds, double single = 1, double pair = 2, double imagesPerSecond = 50,
        bool finished = false, IReadOnlyDictionary<string, double>? validation = null, long steps = 782,
        string phase = "pretrain") =>
        new(phase, epoch, 5, step, steps, new Dictionary<string, double> { ["single"] = single, ["pair"] = pair },
            imagesPerSecond, TimeSpan.FromSeconds(elapsedSeconds), finished, validation);

    private sealed class BlockingWriter : StringWriter
    {
        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public override void WriteLine(string? value)
        {
            Entered.Set();
            Release.Wait();
            base.WriteLine(value);
        }
    }
}
