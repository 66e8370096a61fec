using System.Security.Cryptography;
using TorchSharp;

namespace SplitBrain.MLNet.Persistence;

/// <summary>
/// The byte layout of a TorchSharp module's weights as stored inside model zips and checkpoints.
/// </summary>
/// <remarks>
/// Layout (little-endian), format version 1:
/// <list type="number">
/// <item>magic: the 4 ASCII bytes <c>SBWT</c>;</item>
/// <item>uint32 format version (1);</item>
/// <item>int64 payload length in bytes;</item>
/// <item>payload: TorchSharp's <c>Module.save</c> stream: every parameter and buffer (BatchNorm running statistics
///   included) by registered name, in registration order, with dtype, shape and raw values;</item>
/// <item>32 bytes: SHA-256 of the payload.</item>
/// </list>
/// The payload holds no timestamps or paths, so the same weights always give the same bytes. A damaged or
/// truncated blob fails the length or checksum check with an <see cref="InvalidDataException"/> before any weight
/// is touched. Documented in docs/model-format.md.
/// </remarks>
internal static class WeightBlob
{
    public const uint FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "SBWT"u8;

    public static void Write(Stream destination, torch.nn.Module module)
    {
        byte[] payload;
        using (var buffer = new MemoryStream())
        {
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
                module.save(writer);
            payload = buffer.ToArray();
        }

        using var output = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        output.Write(Magic);
        output.Write(FormatVersion);
        output.Write((long)payload.Length);
        output.Write(payload);
        output.Write(SHA256.HashData(payload));
    }

    /// <summary>Reads a blob written by <see cref="Write"/> into <paramref name="module"/>, whose layout must match.</summary>
    /// <param name="source">The stream positioned at the blob.</param>
    /// <param name="module">A module with the same architecture; its weights are replaced.</param>
    /// <param name="description">Names the blob in error messages, for example "model.zip, entry Weights".</param>
    public static void Read(Stream source, torch.nn.Module module, string description)
    {
        using var input = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        byte[] magic = input.ReadBytes(4);
        if (!magic.AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"{description}: not a SplitBrain.MLNet weight blob (expected the bytes 'SBWT').");
        uint version = ReadUInt32(input, description);
        if (version > FormatVersion)
            throw new InvalidDataException(
                $"{description}: weight blob format version {version} needs a newer SplitBrain.MLNet; this one reads up to version {FormatVersion}.");
        long length = ReadInt64(input, description);
        if (length <= 0 || length > int.MaxValue)
            throw new InvalidDataException($"{description}: weight payload length {length} is not valid.");
        byte[] payload = input.ReadBytes((int)length);
        byte[] checksum = input.ReadBytes(32);
        if (payload.Length != length || checksum.Length != 32)
            throw new InvalidDataException($"{description}: weight blob is truncated (expected {length} payload bytes and a checksum).");
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(checksum))
            throw new InvalidDataException($"{description}: weight blob is damaged (SHA-256 checksum mismatch).");

        using var payloadStream = new MemoryStream(payload, writable: false);
        using var reader = new BinaryReader(payloadStream);
        try
        {
            module.load(reader, strict: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            throw new InvalidDataException($"{description}: weights do not fit the network they are loaded into: {ex.Message}", ex);
        }
    }

    private static uint ReadUInt32(BinaryReader reader, string description)
    {
        try { return reader.ReadUInt32(); }
        catch (EndOfStreamException ex) { throw new InvalidDataException($"{description}: weight blob is truncated.", ex); }
    }

    private static long ReadInt64(BinaryReader reader, string description)
    {
        try { return reader.ReadInt64(); }
        catch (EndOfStreamException ex) { throw new InvalidDataException($"{description}: weight blob is truncated.", ex); }
    }
}
