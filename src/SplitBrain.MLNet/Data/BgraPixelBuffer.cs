using Microsoft.ML.Data;

namespace SplitBrain.MLNet.Data;

/// <summary>
/// One decoded image: 8-bit BGRA interleaved, row-major, top row first, 4 bytes per pixel. Reused from row to row
/// by a cursor so decoding does not allocate per image once the largest size has been seen.
/// </summary>
internal sealed class BgraPixelBuffer
{
    private byte[] _pixels = Array.Empty<byte>();

    /// <summary>Width in pixels of the image held, 0 when empty.</summary>
    public int Width { get; private set; }

    /// <summary>Height in pixels of the image held, 0 when empty.</summary>
    public int Height { get; private set; }

    /// <summary>The BGRA bytes of the image held: Width × Height × 4 of them.</summary>
    public Span<byte> Pixels => _pixels.AsSpan(0, Width * Height * 4);

    /// <summary>Sets the size; the pixel contents are undefined until the caller fills them.</summary>
    public void Resize(int width, int height)
    {
        long byteCount = (long)width * height * 4;
        if (byteCount > Array.MaxLength)
            throw new InvalidDataException($"An image of {width}×{height} pixels is too large to hold in memory.");
        if (_pixels.Length < byteCount)
            _pixels = new byte[byteCount];
        Width = width;
        Height = height;
    }

    /// <summary>A new <see cref="MLImage"/> holding a copy of the pixels; the caller owns it.</summary>
    public MLImage ToImage() => MLImage.CreateFromPixels(Width, Height, MLPixelFormat.Bgra32, Pixels);
}
