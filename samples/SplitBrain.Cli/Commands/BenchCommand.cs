using System.CommandLine;
using SplitBrain.Cli.Bench;
using SplitBrain.Cli.Infrastructure;

namespace SplitBrain.Cli.Commands;

/// <summary>`splitbrain bench`: pretraining throughput (matmul peak, bare training step per encoder, end to end).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "Image files for the end-to-end run (any depth). Default: synthetic 32×32 PNGs in a temp folder." };
        var encoders = new Option<string>("--encoders") { Description = $"Comma-separated encoders for the bare step: {PretrainBenchSettings.EncoderNames}.", DefaultValueFactory = _ => "simple" };
        var steps = new Option<int>("--steps") { Description = "Timed steps per measurement.", DefaultValueFactory = _ => 20 };
        var slowSteps = new Option<int>("--slow-steps") { Description = "Timed bare steps for every encoder but simple (seconds per image on a small CPU).", DefaultValueFactory = _ => 2 };
        var slowBatch = new Option<int>("--slow-batch-size") { Description = "Images per bare step for every encoder but simple (googlenet needs > 23 GB at 64 × 96²).", DefaultValueFactory = _ => 8 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before each measurement.", DefaultValueFactory = _ => 2 };
        var batch = new Option<int>("--batch-size") { Description = "Images per step.", DefaultValueFactory = _ => 64 };
        var size = new Option<int>("--size") { Description = "Square image side (the grid is 12 for 96, else 8).", DefaultValueFactory = _ => 96 };
        var noEndToEnd = new Option<bool>("--no-end-to-end") { Description = "Skip the end-to-end run." };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON instead of a table." };

        var command = new Command("bench", "Measure pretraining throughput: float32 matmul peak, the bare training step of each encoder, and the end-to-end Simple step from image files.");
        foreach (Option option in new Option[] { data, encoders, steps, slowSteps, slowBatch, warmup, batch, size, noEndToEnd, json })
            command.Options.Add(option);

        command.SetAction(parse => CommandRunner.Run(_ =>
        {
            var settings = new PretrainBenchSettings(
                PretrainBenchSettings.ParseEncoders(parse.GetValue(encoders)!),
                Steps: parse.GetValue(steps),
                SlowSteps: parse.GetValue(slowSteps),
                SlowBatchSize: parse.GetValue(slowBatch),
                WarmupSteps: parse.GetValue(warmup),
                BatchSize: parse.GetValue(batch),
                ImageSize: parse.GetValue(size),
                DataFolder: parse.GetValue(data)?.FullName,
                EndToEnd: !parse.GetValue(noEndToEnd));
            settings.Validate();
            bool asJson = parse.GetValue(json);
            PretrainBenchReport report = PretrainBench.Run(settings, asJson ? null : line => Console.Error.WriteLine(line));
            Console.Write(asJson ? PretrainBenchTable.ToJson(report) + Environment.NewLine : PretrainBenchTable.ToText(report));
            return ExitCodes.Success;
        }));
        return command;
    }
}
