using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SplitBrain.MLNet.Imaging;

/// <summary>
/// A minimal PNG encoder for 8-bit RGB images (colour type 2, no interlacing), so that generated and converted
/// images need no native codec. Each row uses the "Sub" filter; the image data is one zlib stream. The same pixels
/// give the same bytes on the same .NET runtime (the zlib build inside the runtime decides the compressed bytes).
/// </summary>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = CreateCrcTable();

    /// <summary>Encodes an image whose pixels are row-major R, G, B bytes (length 3 x width x height).</summary>
    public static byte[] EncodeRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"The image is {width}x{height}; both must be positive.");
        }

        int stride = width * 3;
        if (rgb.Length != stride * height)
        {
            throw new ArgumentException(
                $"Got {rgb.Length} bytes for a {width}x{height} RGB image; expected {stride * height}.", nameof(rgb));
        }

        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bits per channel
        header[9] = 2; // colour type: RGB
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method 0
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR", header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                var filtered = new byte[stride + 1];
                for (int y = 0; y < height; y++)
                {
                    ReadOnlySpan<byte> row = rgb.Slice(y * stride, stride);
                    filtered[0] = 1; // filter type "Sub": each byte minus the byte one pixel to the left
                    for (int i = 0; i < stride; i++)
                    {
                        filtered[i + 1] = (byte)(row[i] - (i >= 3 ? row[i - 3] : 0));
                    }

                    zlib.Write(filtered);
                }
            }

            WriteChunk(output, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }

        WriteChunk(output, "IEND", ReadOnlySpan<byte>.Empty);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        output.Write(buffer);

        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        output.Write(typeBytes);
        output.Write(data);

        uint crc = UpdateCrc(0xFFFFFFFFu, typeBytes);
        crc = UpdateCrc(crc, data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(buffer, crc);
        output.Write(buffer);
    }

    private static uint UpdateCrc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (byte value in bytes)
        {
            crc = CrcTable[(crc ^ value) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] CreateCrcTable()
    {
        // CRC-32 with the reflected polynomial 0xEDB88320, as the PNG specification prescribes.
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
