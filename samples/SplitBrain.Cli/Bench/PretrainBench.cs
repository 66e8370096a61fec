using SplitBrain.Cli.Synthetic;
using SplitBrain.MLNet;
using TorchSharp;

namespace SplitBrain.Cli.Bench;

/// <summary>
/// The pretraining throughput measurement behind <c>splitbrain bench</c> and the benchmark project: the float32
/// matmul peak, the bare training step of each encoder, then the end-to-end Simple step from image files. A plain
/// Stopwatch harness: warm-up steps, then timed steps, reporting the mean and the spread. Speeds depend on the
/// machine and its load; nothing here asserts a speed.
/// </summary>
public static class PretrainBench
{
    /// <summary>Runs the measurement; <paramref name="log"/> receives one line per stage as it starts.</summary>
    public static PretrainBenchReport Run(PretrainBenchSettings settings, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        log ??= _ => { };

        log($"Matmul peak: {settings.MatmulSize}×{settings.MatmulSize} float32, {torch.get_num_threads()} thread(s).");
        IReadOnlyList<double> matmul = MatmulPeak.Measure(settings.MatmulSize);
        double peak = matmul.Max();

        var bare = new List<BareStepResult>();
        foreach (EncoderKind encoder in settings.Encoders)
        {
            int steps = settings.StepsFor(encoder);
            int batchSize = settings.BatchSizeFor(encoder);
            log($"Bare step, {encoder}: {settings.WarmupSteps} warm-up + {steps} timed steps of {batchSize}.");
            using var bench = new TrainingStepBench(encoder, batchSize, settings.ImageSize, settings.GridSize);
            long flops = bench.ForwardFlopsPerImage();
            StepTimings timings = bench.Measure(settings.WarmupSteps, steps);
            bare.Add(new BareStepResult(encoder, timings, flops, peak));
        }

        EndToEndResult? endToEnd = null;
        if (settings.EndToEnd)
            endToEnd = RunEndToEnd(settings, bare.FirstOrDefault(b => b.Encoder == EncoderKind.Simple), log);
        return new PretrainBenchReport(settings, torch.get_num_threads(), settings.MatmulSize, matmul, bare, endToEnd);
    }

    private static EndToEndResult RunEndToEnd(PretrainBenchSettings settings, BareStepResult? simple, Action<string> log)
    {
        int steps = settings.WarmupSteps + settings.Steps;
        string? temporary = null;
        string folder, description;
        if (settings.DataFolder is not null)
        {
            folder = settings.DataFolder;
            description = Path.GetFullPath(folder);
        }
        else
        {
            const int Classes = 10, Side = 32;
            int perClass = (steps * settings.BatchSize + Classes - 1) / Classes;
            temporary = Path.Combine(Path.GetTempPath(), "splitbrain-bench-" + Guid.NewGuid().ToString("N"));
            log($"No --data: writing {Classes * perClass} synthetic {Side}×{Side} PNGs to {temporary}.");
            SyntheticImageSet.Generate(temporary, Classes, perClass, Side, seed: 1);
            folder = temporary;
            description = $"synthetic {Side}×{Side} PNGs";
        }
        try
        {
            log($"Input only: {settings.WarmupSteps} warm-up + {settings.Steps} timed batches of {settings.BatchSize}.");
            StepTimings input = EndToEndBench.MeasureInput(folder, settings.BatchSize, settings.ImageSize, settings.GridSize,
                settings.WarmupSteps, settings.Steps);
            log($"End to end, Simple: {settings.WarmupSteps} warm-up + {settings.Steps} timed steps of " +
                $"{settings.BatchSize}, images from {description}.");
            StepTimings timings = EndToEndBench.Measure(folder, settings.BatchSize, settings.ImageSize, settings.GridSize,
                settings.WarmupSteps, settings.Steps);
            double? ratio = simple is null ? null : timings.ImagesPerSecond / simple.ImagesPerSecond;
            return new EndToEndResult(timings, input, description, ratio);
        }
        finally
        {
            if (temporary is not null)
                Directory.Delete(temporary, recursive: true);
        }
    }
}
