using System.Security.Cryptography;
using System.Text;

namespace SplitBrain.MLNet.Persistence;

/// <summary>
/// Everything needed to continue a training run exactly where it stopped.
/// </summary>
/// <remarks>
/// File layout (little-endian), format version 1, extension <c>.sbckpt</c>:
/// <list type="number">
/// <item>magic <c>SBCK</c>, uint32 format version;</item>
/// <item>string kind (for example "pretrain"), string settings (JSON of the options that shape the network);</item>
/// <item>int32 completed epochs, int64 steps done in the current epoch (0 at an epoch boundary), int64 total steps,
///   double current learning rate, double best validation score, int32 best epoch;</item>
/// <item>three length-prefixed byte blocks: the weights (a <see cref="WeightBlob"/>), the optimizer state
///   (TorchSharp's optimizer state stream: Adam's step counts and moment estimates), the torch CPU random-number
///   generator state; then a fourth, the best epoch's weights, empty when there is none;</item>
/// <item>32 bytes: SHA-256 of everything before it.</item>
/// </list>
/// Epoch shuffles are drawn from (seed, epoch), so no .NET random state needs saving.
/// </remarks>
internal sealed class TrainingCheckpoint
{
    public const uint FormatVersion = 1;
    public const string Extension = ".sbckpt";
    private static ReadOnlySpan<byte> Magic => "SBCK"u8;

    public required string Kind { get; init; }
    public required string Settings { get; init; }
    public int CompletedEpochs { get; init; }
    public long StepsInEpoch { get; init; }
    public long TotalSteps { get; init; }
    public double LearningRate { get; init; }
    public double BestScore { get; init; } = double.NegativeInfinity;
    public int BestEpoch { get; init; } = -1;
    public required byte[] Weights { get; init; }
    public required byte[] OptimizerState { get; init; }
    public required byte[] RandomState { get; init; }
    public byte[] BestWeights { get; init; } = Array.Empty<byte>();

    public void Save(string path) => AtomicFile.Write(path, stream =>
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Kind);
            writer.Write(Settings);
            writer.Write(CompletedEpochs);
            writer.Write(StepsInEpoch);
            writer.Write(TotalSteps);
            writer.Write(LearningRate);
            writer.Write(BestScore);
            writer.Write(BestEpoch);
            foreach (byte[] block in new[] { Weights, OptimizerState, RandomState, BestWeights })
            {
                writer.Write(block.Length);
                writer.Write(block);
            }
        }
        byte[] bytes = body.ToArray();
        stream.Write(bytes);
        stream.Write(SHA256.HashData(bytes));
    });

    public static TrainingCheckpoint Load(string path, string expectedKind)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException ex)
        {
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path, ex);
        }
        if (bytes.Length < 40 || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a SplitBrain.MLNet checkpoint (expected the bytes 'SBCK' at the start).");
        ReadOnlySpan<byte> body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new InvalidDataException($"Checkpoint '{path}' is truncated or damaged (SHA-256 checksum mismatch).");

        using var reader = new BinaryReader(new MemoryStream(bytes, 4, bytes.Length - 36, writable: false), Encoding.UTF8);
        uint version = reader.ReadUInt32();
        if (version > FormatVersion)
            throw new InvalidDataException($"Checkpoint '{path}' has format version {version}; this SplitBrain.MLNet reads up to {FormatVersion}.");
        string kind = reader.ReadString();
        if (kind != expectedKind)
            throw new InvalidDataException($"Checkpoint '{path}' holds a '{kind}' run, not a '{expectedKind}' run.");
        return new TrainingCheckpoint
        {
            Kind = kind,
            Settings = reader.ReadString(),
            CompletedEpochs = reader.ReadInt32(),
            StepsInEpoch = reader.ReadInt64(),
            TotalSteps = reader.ReadInt64(),
            LearningRate = reader.ReadDouble(),
            BestScore = reader.ReadDouble(),
            BestEpoch = reader.ReadInt32(),
            Weights = ReadBlock(reader),
            OptimizerState = ReadBlock(reader),
            RandomState = ReadBlock(reader),
            BestWeights = ReadBlock(reader),
        };
    }

    private static byte[] ReadBlock(BinaryReader reader) => reader.ReadBytes(reader.ReadInt32());
}
