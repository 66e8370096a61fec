using SplitBrain.Cli.Infrastructure;
using SplitBrain.Cli.Jobs;
using SplitBrain.MLNet;

namespace SplitBrain.Cli.Bench;

/// <summary>What <see cref="PretrainBench"/> measures; the options of <c>splitbrain bench</c>.</summary>
/// <param name="Encoders">Encoders whose bare step is timed.</param>
/// <param name="Steps">Timed steps per measurement (Simple and ResNet-18 bare steps, the end-to-end run).</param>
/// <param name="SlowSteps">Timed steps for the slow encoders (AlexNet, GoogLeNet), which take seconds per step.</param>
/// <param name="WarmupSteps">Untimed steps before each measurement, at least 1.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="ImageSize">Square image side.</param>
/// <param name="DataFolder">Image files for the end-to-end run; null generates synthetic PNGs in a temp folder.</param>
/// <param name="EndToEnd">Whether to run the end-to-end measurement.</param>
/// <param name="MatmulSize">Side of the square matrices of the matmul peak.</param>
public sealed record PretrainBenchSettings(
    IReadOnlyList<EncoderKind> Encoders,
    int Steps = 20,
    int SlowSteps = 3,
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

    /// <summary>AlexNet and GoogLeNet take seconds per step on a small CPU and get <see cref="SlowSteps"/>.</summary>
    public static bool IsSlow(EncoderKind encoder) => encoder is EncoderKind.AlexNet or EncoderKind.GoogLeNet;

    /// <summary>Timed steps for <paramref name="encoder"/>.</summary>
    public int StepsFor(EncoderKind encoder) => IsSlow(encoder) ? SlowSteps : Steps;

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
