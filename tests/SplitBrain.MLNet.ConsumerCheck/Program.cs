using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using SplitBrain.MLNet;

// Cross-process model-zip check. Usage: ConsumerCheck save DIR | ConsumerCheck check DIR
// `save` fits four models on generated images (LabQuantize alone; LabQuantize + split-brain featurizer with custom
// column names; a full classifier pipeline with MapKeyToValue; the denoising-autoencoder featurizer), saves each zip and
// the SHA-256 of its outputs. `check`, in a new process, loads each zip with a new MLContext and requires the same hashes
// through Transform and through PredictionEngine, also with one engine per thread on several threads at once.
if (args.Length != 2 || (args[0] != "save" && args[0] != "check"))
{
    Console.Error.WriteLine("usage: ConsumerCheck save|check DIR");
    return 2;
}
string folder = Path.GetFullPath(args[1]);
Directory.CreateDirectory(folder);
var rows = Images.Rows(24, seed: 11);
var models = new (string Name, string Output)[]
{
    ("labquantize", "PairLabels"), ("pretrain", "MyFeatures"), ("classifier", "PredictedName"), ("dae", "Features"),
};

if (args[0] == "save")
{
    var ml = new MLContext(seed: 1);
    IDataView data = ml.Data.LoadFromEnumerable(rows);
    var pipelines = new Dictionary<string, IEstimator<ITransformer>>
    {
        ["labquantize"] = ml.Transforms.LabQuantize(gridSize: 8),
        ["pretrain"] = ml.Transforms.LabQuantize(gridSize: 8).Append(ml.Transforms.SplitBrainPretrain(new SplitBrainPretrainEstimator.Options
        {
            Epochs = 1, BatchSize = 8, Device = ComputeDevice.Cpu, FeatureColumnName = "MyFeatures", FeatureKind = SplitBrainFeatureKind.PooledHidden,
        })),
        ["classifier"] = ml.Transforms.Conversion.MapValueToKey("Label", "Class")
            .Append(ml.Transforms.LabQuantize(gridSize: 8))
            .Append(ml.MulticlassClassification.Trainers.SplitBrainClassifier(new SplitBrainClassifierTrainer.Options
            {
                FromScratch = true, Epochs = 2, BatchSize = 8, TopK = 1, Device = ComputeDevice.Cpu, Head = ClassifierHeadKind.Mlp,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedName", "PredictedLabel")),
        ["dae"] = ml.Transforms.LabQuantize(colorSpace: ColorSpace.Rgb, gridSize: 8).Append(ml.Transforms.DenoisingAutoencoderPretrain(
            new DenoisingAutoencoderEstimator.Options { Epochs = 1, BatchSize = 8, Device = ComputeDevice.Cpu })),
    };
    foreach (var (name, output) in models)
    {
        ITransformer model = pipelines[name].Fit(data);
        ml.Model.SaveAtomically(model, data.Schema, Path.Combine(folder, name + ".zip"));
        File.WriteAllText(Path.Combine(folder, name + ".sha256"), Hash(model.Transform(data), output));
    }
    Console.WriteLine($"saved {models.Length} models to {folder}");
    return 0;
}

int failures = 0;
foreach (var (name, output) in models)
{
    var ml = new MLContext(seed: 42);
    ITransformer model = ml.Model.Load(Path.Combine(folder, name + ".zip"), out _);
    string expected = File.ReadAllText(Path.Combine(folder, name + ".sha256"));
    string viaTransform = Hash(model.Transform(ml.Data.LoadFromEnumerable(rows)), output);
    string sequential = EngineHash(ml, model, name, rows, threads: 1);
    string parallel = EngineHash(ml, model, name, rows, threads: 4);
    bool ok = expected == viaTransform && expected == sequential && expected == parallel;
    failures += ok ? 0 : 1;
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {name}: saved {expected[..12]} transform {viaTransform[..12]} engine {sequential[..12]} 4 threads {parallel[..12]}");
}
return failures == 0 ? 0 : 1;

static string Hash(IDataView data, string column)
{
    var bytes = new List<byte>();
    var type = data.Schema[column].Type;
    if (type is VectorDataViewType { ItemType: var item } && item.RawType == typeof(float))
        foreach (var v in data.GetColumn<VBuffer<float>>(column))
            foreach (float f in v.DenseValues()) bytes.AddRange(BitConverter.GetBytes(f));
    else if (type is VectorDataViewType)
        foreach (var v in data.GetColumn<VBuffer<int>>(column))
            foreach (int i in v.DenseValues()) bytes.AddRange(BitConverter.GetBytes(i));
    else
        foreach (var s in data.GetColumn<ReadOnlyMemory<char>>(column))
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(s.ToString() + "\n"));
    return Convert.ToHexString(SHA256.HashData(bytes.ToArray()));
}

// One prediction engine per thread (a PredictionEngine is not thread-safe; the transformers are), rows split
// round-robin; each row's output is laid out as in Hash, so the hashes must agree.
static string EngineHash(MLContext ml, ITransformer model, string name, List<ImageRow> rows, int threads)
{
    var results = new byte[rows.Count][];
    Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
    {
        Func<ImageRow, byte[]> predict = name switch
        {
            "labquantize" => Engine<QuantizedOut>(ml, model, o => o.PairLabels.SelectMany(BitConverter.GetBytes).ToArray()),
            "pretrain" => Engine<FeaturesOut>(ml, model, o => o.MyFeatures.SelectMany(BitConverter.GetBytes).ToArray()),
            "classifier" => Engine<ClassOut>(ml, model, o => System.Text.Encoding.UTF8.GetBytes(o.PredictedName + "\n")),
            _ => Engine<DaeOut>(ml, model, o => o.Features.SelectMany(BitConverter.GetBytes).ToArray()),
        };
        for (int i = t; i < rows.Count; i += threads)
            results[i] = predict(rows[i]);
    });
    return Convert.ToHexString(SHA256.HashData(results.SelectMany(r => r).ToArray()));
}

static Func<ImageRow, byte[]> Engine<TOut>(MLContext ml, ITransformer model, Func<TOut, byte[]> render) where TOut : class, new()
{
    var engine = ml.Model.CreatePredictionEngine<ImageRow, TOut>(model);
    return row => render(engine.Predict(row));
}

public sealed class ImageRow
{
    [ImageType(32, 32)]
    public MLImage Image { get; set; } = null!;

    public string Class { get; set; } = "";
}

public sealed class QuantizedOut { public int[] PairLabels { get; set; } = []; }

public sealed class FeaturesOut { public float[] MyFeatures { get; set; } = []; }

public sealed class ClassOut { public string PredictedName { get; set; } = ""; }

public sealed class DaeOut { public float[] Features { get; set; } = []; }

/// <summary>Seeded images whose square colour names their class.</summary>
public static class Images
{
    public static List<ImageRow> Rows(int count, int seed)
    {
        var random = new Random(seed);
        byte[][] colours = { new byte[] { 20, 30, 160 }, new byte[] { 30, 170, 50 }, new byte[] { 240, 220, 30 } };
        string[] names = { "blue", "green", "yellow" };
        var rows = new List<ImageRow>();
        for (int n = 0; n < count; n++)
        {
            int cls = n % 3;
            var rgba = new byte[32 * 32 * 4];
            byte grey = (byte)random.Next(80, 180);
            for (int p = 0; p < 1024; p++) { rgba[4 * p] = rgba[4 * p + 1] = rgba[4 * p + 2] = grey; rgba[4 * p + 3] = 255; }
            int top = random.Next(16), left = random.Next(16);
            for (int y = top; y < top + 16; y++)
                for (int x = left; x < left + 16; x++)
                    colours[cls].CopyTo(rgba, (y * 32 + x) * 4);
            rows.Add(new ImageRow { Image = MLImage.CreateFromPixels(32, 32, MLPixelFormat.Rgba32, rgba), Class = names[cls] });
        }
        return rows;
    }
}
