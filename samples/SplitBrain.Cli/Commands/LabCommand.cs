using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Data;
using SplitBrain.MLNet;
using SplitBrain.MLNet.Colour;

namespace SplitBrain.Cli.Commands;

/// <summary>
/// <c>splitbrain lab</c>: shows what the split-brain preprocessing makes of one image, as it is (no resize): the means
/// of the normalised network-input planes, the raw means, and the two label grids. <c>--json</c> prints one JSON
/// object for other programs (keys documented in docs/cli.md).
/// </summary>
public static class LabCommand
{
    /// <summary>Exit code of a bad argument or an unreadable image.</summary>
    internal const int UsageErrorExitCode = 2;

    /// <summary>Exit code of any other failure.</summary>
    internal const int FailureExitCode = 1;

    private static readonly (string Name, ColorSpace Space)[] SpaceNames =
        [("lab", ColorSpace.Lab), ("lab-rescaled", ColorSpace.LabRescaled), ("rgb", ColorSpace.Rgb)];

    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var imageOption = new Option<string>("--image")
        {
            Description = "Image file to read (any format MLImage decodes: PNG, JPEG, BMP, GIF, WebP); used at its own size.",
            Required = true,
        };
        var spaceOption = new Option<string>("--space")
        {
            Description = "Colour space: lab, lab-rescaled or rgb.",
            DefaultValueFactory = _ => "lab",
        };
        var gridOption = new Option<int>("--grid")
        {
            Description = "Label grid side in cells (at least 1, at most the image's smaller side).",
            DefaultValueFactory = _ => LabQuantizerDefaults.GridSize,
        };
        var jsonOption = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };

        var command = new Command("lab", "Show the split-brain inputs and labels of one image.")
        {
            imageOption, spaceOption, gridOption, jsonOption,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(imageOption)!,
            parseResult.GetValue(spaceOption) ?? "lab",
            parseResult.GetValue(gridOption),
            parseResult.GetValue(jsonOption),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the command; returns 0, <see cref="UsageErrorExitCode"/> or <see cref="FailureExitCode"/>.</summary>
    internal static int Run(string imagePath, string spaceName, int grid, bool json, TextWriter output, TextWriter error)
    {
        int spaceIndex = Array.FindIndex(SpaceNames, s => s.Name == spaceName);
        if (spaceIndex < 0)
        {
            error.WriteLine($"--space '{spaceName}' is not known; expected one of: {string.Join(", ", SpaceNames.Select(s => s.Name))}.");
            return UsageErrorExitCode;
        }

        if (grid < 1)
        {
            error.WriteLine($"--grid {grid} is too small; the label grid needs at least 1 cell per side.");
            return UsageErrorExitCode;
        }

        if (!File.Exists(imagePath))
        {
            error.WriteLine($"Image file '{imagePath}' does not exist.");
            return UsageErrorExitCode;
        }

        byte[] rgb;
        int height, width;
        try
        {
            using MLImage image = MLImage.CreateFromFile(imagePath);
            (height, width) = (image.Height, image.Width);
            rgb = MLImagePixels.ToRgbHwc(image);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            error.WriteLine($"'{imagePath}' is not an image that MLImage can decode (expected PNG, JPEG, BMP, GIF or WebP); " +
                $"the decoder said: {e.Message}");
            return UsageErrorExitCode;
        }

        if (height < grid || width < grid)
        {
            error.WriteLine($"'{imagePath}' is {height}×{width} (height×width), smaller than the {grid}×{grid} label grid; " +
                "use a smaller --grid or a larger image.");
            return UsageErrorExitCode;
        }

        try
        {
            LabReport report = LabReport.Compute(rgb, height, width, SpaceNames[spaceIndex].Space, grid);
            output.Write(json ? report.ToJson(spaceName) : report.ToText(imagePath, spaceName));
            return 0;
        }
        catch (Exception e)
        {
            error.WriteLine($"splitbrain lab failed on '{imagePath}': {e.Message}");
            return FailureExitCode;
        }
    }

    private sealed record LabReport(int Height, int Width, int Grid, ColorSpace Space, double[] InputMean, double[] RawMean,
        int[] SingleLabels, int[] PairLabels)
    {
        public static LabReport Compute(byte[] rgb, int height, int width, ColorSpace space, int grid)
        {
            var quantizer = new LabQuantizer(new LabQuantizerSettings(space, gridSize: grid));
            int pixels = height * width;
            var singlePlane = new float[pixels];
            var pairPlanes = new float[2 * pixels];
            var singleLabels = new int[grid * grid];
            var pairLabels = new int[grid * grid];
            QuantizedImageSummary summary = quantizer.Quantize(rgb, height, width, singlePlane, pairPlanes, singleLabels, pairLabels);
            double[] inputMean =
            [
                Mean(singlePlane), Mean(pairPlanes.AsSpan(0, pixels)), Mean(pairPlanes.AsSpan(pixels, pixels)),
            ];
            return new LabReport(height, width, grid, space, inputMean, [summary.RawMean0, summary.RawMean1, summary.RawMean2],
                singleLabels, pairLabels);
        }

        public string ToJson(string spaceName)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("space", spaceName);
                writer.WriteNumber("grid", Grid);
                WriteNumbers(writer, "input_mean", InputMean);
                WriteNumbers(writer, "raw_mean", RawMean);
                WriteGrid(writer, "single_labels", SingleLabels);
                WriteGrid(writer, "pair_labels", PairLabels);
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
        }

        public string ToText(string imagePath, string spaceName)
        {
            string[] planeNames = Space == ColorSpace.Rgb ? ["R/255", "G/255", "B/255"] : ["L/100", "(a+87)/186", "(b+108)/203"];
            string[] rawNames = Space == ColorSpace.Rgb ? ["R/255", "G/255", "B/255"] : ["L", "a", "b"];
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"image  {imagePath} ({Height}×{Width}, not resized)");
            text.AppendLine(CultureInfo.InvariantCulture, $"space  {spaceName}, labels on a {Grid}×{Grid} grid");
            text.AppendLine("network input means (full resolution):");
            for (int c = 0; c < 3; c++)
                text.AppendLine(CultureInfo.InvariantCulture, $"  {planeNames[c],-12} {InputMean[c],10:F6}");
            text.AppendLine("raw means:");
            for (int c = 0; c < 3; c++)
                text.AppendLine(CultureInfo.InvariantCulture, $"  {rawNames[c],-12} {RawMean[c],10:F6}");
            text.AppendLine(Space == ColorSpace.Rgb ? "single labels (R bin):" : "single labels (L bin):");
            AppendGrid(text, SingleLabels);
            text.AppendLine(Space == ColorSpace.Rgb ? "pair labels (G bin * bins + B bin):" : "pair labels (a bin * bins + b bin):");
            AppendGrid(text, PairLabels);
            return text.ToString();
        }

        private void AppendGrid(StringBuilder text, int[] labels)
        {
            for (int row = 0; row < Grid; row++)
            {
                text.Append(' ');
                for (int column = 0; column < Grid; column++)
                    text.Append(CultureInfo.InvariantCulture, $" {labels[row * Grid + column],3}");
                text.AppendLine();
            }
        }

        private static void WriteNumbers(Utf8JsonWriter writer, string name, double[] values)
        {
            writer.WriteStartArray(name);
            foreach (double value in values)
                writer.WriteNumberValue(value);
            writer.WriteEndArray();
        }

        private void WriteGrid(Utf8JsonWriter writer, string name, int[] labels)
        {
            writer.WriteStartArray(name);
            for (int row = 0; row < Grid; row++)
            {
                writer.WriteStartArray();
                for (int column = 0; column < Grid; column++)
                    writer.WriteNumberValue(labels[row * Grid + column]);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        private static double Mean(ReadOnlySpan<float> values)
        {
            double sum = 0;
            foreach (float value in values)
                sum += value;
            return sum / values.Length;
        }
    }
}
