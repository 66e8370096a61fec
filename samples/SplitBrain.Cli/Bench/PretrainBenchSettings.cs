using SplitBrain.Cli.Infrastructure;
using SplitBrain.Cli.Jobs;
using SplitBrain.MLNet;

namespace SplitBrain.Cli.Bench;

/// <summary>What <see cref="PretrainBench"/> measures; the options of <c>splitbrain bench</c>.</summary>
/// <param name="Encoders">Encoders whose bare step is timed.</param>
/// <param name="Steps">Timed steps of the Simple bare step and of the end-to-end run.</param>
/// <param name="SlowSteps">Timed steps for the heavy encoders (all but Simple), which take seconds per step.</param>
/// <param name="SlowBatchSize">Images per bare step of the heavy encoders: on a small CPU a step of 64 takes close to a
/// minute (ResNet-18, AlexNet) or needs more than 23 GB (GoogLeNet at 96×96).</param>
/// <param name="WarmupSteps">Untimed steps before each measurement, at least 1.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="ImageSize">Square image side.</param>
/// <param name="DataFolder">Image files for the end-to-end run; null generates synthetic PNGs in a temp folder.</param>
/// <param name="EndToEnd">Whether to run the end-to-end measurement.</param>
/// <param name="MatmulSize">Side of the square matrices of the matmul peak.</param>
public sealed record PretrainBenchSettings(
    IReadOnlyList<EncoderKind> Encoders,
    int Steps = 20,
    int SlowSteps = 2,
    int SlowBatchSize = 8,
    int WarmupSteps = 2,
    int BatchSize = 64,
    int ImageSize = 96,
    string? DataFolder = null,
    bool EndToEnd = true,
    int MatmulSize = 2048)
{
    /// <summary>The encoder names the command accepts, in <see cref="EncoderKind"/> order.</summary>
    public const string EncoderNames = "simple, alexnet, resnet18, resnet18-no-final-relu, googlenet";

    /// <summary>The label grid side: 12 for 96-pixel images, else 8 (as <c>splitbrain pretrain</c>).</summary>
    public int GridSize => ImagePipeline.DefaultGrid(ImageSize);

    /// <summary>Every encoder but Simple takes seconds per image on a small CPU and gets <see cref="SlowSteps"/> steps
    /// of <see cref="SlowBatchSize"/>.</summary>
    public static bool IsSlow(EncoderKind encoder) => encoder != EncoderKind.Simple;

    /// <summary>Timed steps for <paramref name="encoder"/>.</summary>
    public int StepsFor(EncoderKind encoder) => IsSlow(encoder) ? SlowSteps : Steps;

    /// <summary>Images per bare step for <paramref name="encoder"/>.</summary>
    public int BatchSizeFor(EncoderKind encoder) => IsSlow(encoder) ? SlowBatchSize : BatchSize;

    /// <summary>Parses a comma-separated encoder list (<see cref="EncoderNames"/>).</summary>
    public static IReadOnlyList<EncoderKind> ParseEncoders(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            throw new UserInputException($"--encoders '{text}': expected one or more of {EncoderNames}, comma-separated.");
        var encoders = new List<EncoderKind>();
        foreach (string name in names)
        {
            EncoderKind encoder = name.ToLowerInvariant() switch
            {
                "simple" => EncoderKind.Simple,
                "alexnet" => EncoderKind.AlexNet,
                "resnet18" => EncoderKind.ResNet18,
                "resnet18-no-final-relu" => EncoderKind.ResNet18NoFinalRelu,
                "googlenet" => EncoderKind.GoogLeNet,
                _ => throw new UserInputException(
                    $"--encoders '{text}': unknown encoder '{name}'; expected {EncoderNames}, comma-separated."),
            };
            if (!encoders.Contains(encoder))
                encoders.Add(encoder);
        }
        return encoders;
    }

    /// <summary>Throws <see cref="UserInputException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (Encoders.Count == 0)
            throw new UserInputException($"--encoders: expected one or more of {EncoderNames}.");
        Check(Steps >= 1, $"--steps {Steps}: expected at least 1.");
        Check(SlowSteps >= 1, $"--slow-steps {SlowSteps}: expected at least 1.");
        Check(WarmupSteps >= 1, $"--warmup {WarmupSteps}: expected at least 1.");
        Check(BatchSize >= 1, $"--batch-size {BatchSize}: expected at least 1.");
        Check(SlowBatchSize >= 1, $"--slow-batch-size {SlowBatchSize}: expected at least 1.");
        Check(ImageSize is >= 16 and <= 512, $"--size {ImageSize}: expected 16 to 512 pixels.");
        Check(MatmulSize >= 64, $"--matmul-size {MatmulSize}: expected at least 64.");
        if (DataFolder is not null && !Directory.Exists(DataFolder))
            throw new UserInputException($"--data: folder '{DataFolder}' does not exist.");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
            throw new UserInputException(message);
    }
}
