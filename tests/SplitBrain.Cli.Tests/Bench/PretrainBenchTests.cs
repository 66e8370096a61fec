using System.CommandLine;
using System.Text.Json;
using SplitBrain.Cli.Bench;
using SplitBrain.Cli.Commands;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.MLNet;
using Xunit;

namespace SplitBrain.Cli.Tests.Bench;

/// <summary>The structure of the throughput harness and its option checks. Nothing here is timed or asserts a
/// speed.</summary>
public sealed class PretrainBenchTests
{
    [Fact]
    public void TinyRunReportsOneRowPerEncoderAndAnEndToEndRow()
    {
        var settings = new PretrainBenchSettings(new[] { EncoderKind.Simple, EncoderKind.ResNet18 }, Steps: 1, SlowSteps: 1,
            SlowBatchSize: 1, WarmupSteps: 1, BatchSize: 2, ImageSize: 32, MatmulSize: 64);

        PretrainBenchReport report = PretrainBench.Run(settings);

        Assert.Equal(new[] { EncoderKind.Simple, EncoderKind.ResNet18 }, report.BareSteps.Select(b => b.Encoder));
        Assert.Equal(new[] { 2, 1 }, report.BareSteps.Select(b => b.Timings.BatchSize));
        Assert.All(report.BareSteps, b =>
        {
            Assert.Single(b.Timings.StepSeconds);
            AssertPositiveFinite(b.ImagesPerSecond);
            AssertPositiveFinite(b.Gflops);
            AssertPositiveFinite(b.FractionOfPeak);
            Assert.True(b.ForwardFlopsPerImage > 0);
        });
        Assert.Equal(ConvFlopCounter.SimplePairForwardFlops(32, 8), report.BareSteps[0].ForwardFlopsPerImage);
        Assert.Equal(10, report.MatmulGflops.Count);
        AssertPositiveFinite(report.MatmulPeakGflops);
        EndToEndResult endToEnd = Assert.IsType<EndToEndResult>(report.EndToEnd);
        Assert.Single(endToEnd.Timings.StepSeconds);
        Assert.Equal(2, endToEnd.Timings.BatchSize);
        AssertPositiveFinite(endToEnd.ImagesPerSecond);
        AssertPositiveFinite(endToEnd.RatioToBareStep!.Value);

        string table = PretrainBenchTable.ToText(report);
        Assert.Contains("bare        Simple", table);
        Assert.Contains("bare        ResNet18", table);
        Assert.Contains("end to end  Simple", table);
        using var json = JsonDocument.Parse(PretrainBenchTable.ToJson(report));
        Assert.Equal(2, json.RootElement.GetProperty("bareSteps").GetArrayLength());
        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("endToEnd").ValueKind);
    }

    [Fact]
    public void SimplePairFlopsMatchTheHandCount()
    {
        // 96×96, reference layout, 12×12 grid; per conv 2·Cin·Cout·k²·Hout·Wout, 100 classes out of each net.
        long single96 = 2L * 1 * 12 * 16 * 48 * 48 + 2L * 12 * 24 * 16 * 24 * 24 + 2L * 24 * 48 * 25 * 20 * 20
            + 2L * 48 * 96 * 25 * 16 * 16 + 2L * 96 * 100 * 25 * 12 * 12;
        long pair96 = single96 + 2L * 1 * 12 * 16 * 48 * 48;
        Assert.Equal(315_555_840L, single96 + pair96);
        Assert.Equal(315_555_840L, ConvFlopCounter.SimplePairForwardFlops(96, 12));

        // 32×32 needs the compact layout for an 8×8 grid: 32 → 16 → 8, then three padded 5×5 convs at 8×8.
        Assert.Equal(99_778_560L, ConvFlopCounter.SimplePairForwardFlops(32, 8));
    }

    [Theory]
    [InlineData(96, 12)]
    [InlineData(32, 8)]
    public void TheCountFromTheLayerTableAgreesWithTheRunningNetwork(int size, int grid)
    {
        using var bench = new TrainingStepBench(EncoderKind.Simple, batchSize: 1, size, grid);
        Assert.Equal(ConvFlopCounter.SimplePairForwardFlops(size, grid), bench.ForwardFlopsPerImage());
    }

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--slow-steps", "0")]
    [InlineData("--warmup", "0")]
    [InlineData("--batch-size", "0")]
    [InlineData("--slow-batch-size", "-1")]
    [InlineData("--size", "4")]
    [InlineData("--encoders", "simple,vgg")]
    [InlineData("--encoders", ",")]
    [InlineData("--data", "/no/such/folder/for/splitbrain")]
    public void BadOptionsExitWithTheUsageCode(string option, string value)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(BenchCommand.Create());

        Assert.Equal(ExitCodes.BadInput, CommandRunner.Invoke(root, new[] { "bench", option, value, "--json" }));
    }

    [Fact]
    public void MessagesNameTheOptionAndTheValue()
    {
        var unknown = Assert.Throws<UserInputException>(() => PretrainBenchSettings.ParseEncoders("simple,vgg"));
        Assert.Contains("--encoders 'simple,vgg'", unknown.Message);
        Assert.Contains("'vgg'", unknown.Message);

        var settings = new PretrainBenchSettings(new[] { EncoderKind.Simple }, Steps: 0);
        var steps = Assert.Throws<UserInputException>(settings.Validate);
        Assert.Contains("--steps 0: expected at least 1", steps.Message);
    }

    [Fact]
    public void EncoderNamesParseInOrderWithoutDuplicates()
    {
        Assert.Equal(new[] { EncoderKind.ResNet18NoFinalRelu, EncoderKind.Simple, EncoderKind.GoogLeNet },
            PretrainBenchSettings.ParseEncoders(" resnet18-no-final-relu, Simple,googlenet,simple"));
    }

    private static void AssertPositiveFinite(double value) =>
        Assert.True(double.IsFinite(value) && value > 0, $"Expected a positive finite number, got {value}.");
}
