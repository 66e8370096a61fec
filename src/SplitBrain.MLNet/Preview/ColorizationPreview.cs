using SplitBrain.MLNet.Imaging;
using SplitBrain.MLNet.Persistence;

namespace SplitBrain.MLNet;

/// <summary>
/// A colorization preview grid made by <see cref="ColorizationPreviewer.Create"/>: one row per image, four tiles per
/// row, each tile the image's own size. Tiles, left to right: the original image; its single channel alone as grey
/// (L, or R for Rgb); the single channel combined with the pair predicted from it by the single net; the single
/// channel predicted from the true pair by the pair net, as grey. See docs/networks.md, "Colorization preview".
/// </summary>
public sealed class ColorizationPreview
{
    private readonly byte[] _rgb;

    internal ColorizationPreview(int tileSize, int imageCount, byte[] rgb)
    {
        TileSize = tileSize;
        ImageCount = imageCount;
        _rgb = rgb;
    }

    /// <summary>Tiles per row: original, single channel as grey, single + predicted pair, predicted single as grey.</summary>
    public const int TilesPerRow = Preview.PreviewRowRenderer.TilesPerRow;

    /// <summary>Side of one tile in pixels: the model's image size.</summary>
    public int TileSize { get; }

    /// <summary>Rows of the grid: one per image previewed.</summary>
    public int ImageCount { get; }

    /// <summary>Width of the whole grid in pixels: <see cref="TilesPerRow"/> × <see cref="TileSize"/>.</summary>
    public int Width => TilesPerRow * TileSize;

    /// <summary>Height of the whole grid in pixels: <see cref="ImageCount"/> × <see cref="TileSize"/>.</summary>
    public int Height => ImageCount * TileSize;

    /// <summary>The pixels as R, G, B bytes, row-major (<see cref="Height"/> × <see cref="Width"/> × 3).</summary>
    public ReadOnlyMemory<byte> Rgb => _rgb;

    /// <summary>The grid as PNG file bytes (8-bit RGB).</summary>
    public byte[] EncodePng() => PngEncoder.EncodeRgb(_rgb, Width, Height);

    /// <summary>Writes the grid as one PNG file, atomically (a temporary file in the same folder, then a rename).</summary>
    /// <param name="path">The file to write; its folder is created if missing, an existing file is replaced.</param>
    public void SavePng(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] png = EncodePng();
        AtomicFile.Write(path, stream => stream.Write(png));
    }
}
