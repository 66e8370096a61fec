using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.MLNet;

namespace SplitBrain.Cli.Jobs;

/// <summary>What `splitbrain pretrain` records in its output folder's pretrain.json.</summary>
internal sealed record PretrainRecord(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("encoder")] string Encoder,
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("grid")] int Grid,
    [property: JsonPropertyName("space")] string Space,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("images")] long Images,
    [property: JsonPropertyName("elapsed_seconds")] double ElapsedSeconds,
    [property: JsonPropertyName("history")] IReadOnlyList<Dictionary<string, double>> History);

/// <summary>
/// The output folder of `splitbrain pretrain`: model.zip (resize, LabQuantize and the featurizer as an ML.NET model),
/// weights.sbwt (the network weights alone, byte-identical for the same seed and data), checkpoints/,
/// pretrain-curve.png and pretrain.json.
/// </summary>
internal static class PretrainedFolder
{
    public const string ModelFile = "model.zip";
    public const string WeightsFile = "weights.sbwt";
    public const string RecordFile = "pretrain.json";
    public const string CurveFile = "pretrain-curve.png";
    public const string CheckpointFolder = "checkpoints";

    public static void WriteRecord(string folder, PretrainRecord record) =>
        AtomicFileWriter.WriteAllBytes(Path.Combine(folder, RecordFile),
            JsonSerializer.SerializeToUtf8Bytes(record, new JsonSerializerOptions { WriteIndented = true }));

    public static PretrainRecord ReadRecord(string folder)
    {
        string path = Path.Combine(folder, RecordFile);
        if (!File.Exists(path))
            throw new UserInputException($"--pretrained: '{folder}' is not a `splitbrain pretrain --out` folder ({RecordFile} is missing).");
        return JsonSerializer.Deserialize<PretrainRecord>(File.ReadAllBytes(path))
            ?? throw new UserInputException($"--pretrained: '{path}' is empty.");
    }

    /// <summary>Loads model.zip and returns the featurizer at its end (split-brain or autoencoder).</summary>
    public static PlaneFeaturizerTransformer LoadFeaturizer(MLContext ml, string folder)
    {
        string path = Path.Combine(folder, ModelFile);
        ITransformer model = ml.Model.LoadChecked(path, out _);
        ITransformer last = model is TransformerChain<ITransformer> chain ? chain.LastTransformer : model;
        return last as PlaneFeaturizerTransformer
            ?? throw new UserInputException($"--pretrained: '{path}' does not end in a split-brain or autoencoder featurizer.");
    }
}
