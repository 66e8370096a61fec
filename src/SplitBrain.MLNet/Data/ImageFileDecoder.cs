using SkiaSharp;

namespace SplitBrain.MLNet.Data;

/// <summary>
/// Decodes one encoded image file (JPEG, PNG, BMP, GIF first frame, WebP) into BGRA pixels with SkiaSharp, the
/// decoder ML.NET's <c>MLImage</c> uses. Unlike <c>MLImage.CreateFromFile</c>, which accepts a partially decoded
/// (truncated) file and reports every failure as "Invalid path", this rejects anything but a complete decode and
/// names the file. The file is read with .NET file APIs, so paths with spaces or non-ASCII characters work.
/// Pixels come out as ML.NET's own loader gives them: premultiplied alpha, no colour-space conversion, no EXIF
/// rotation.
/// </summary>
internal static class ImageFileDecoder
{
    private const string ExpectedFormats = "an encoded JPEG, PNG, BMP, GIF or WebP image";

    public static void Decode(string path, BgraPixelBuffer destination)
    {
        byte[] encoded = ReadFile(path);
        if (encoded.Length == 0)
            throw new InvalidDataException($"Image file '{path}' is empty (0 bytes); expected {ExpectedFormats}.");

        using SKData data = SKData.CreateCopy(encoded);
        using SKCodec? codec = SKCodec.Create(data);
        if (codec is null)
        {
            throw new InvalidDataException(
                $"Image file '{path}' ({encoded.Length} bytes) is not an image; expected {ExpectedFormats}.");
        }

        SKImageInfo stored = codec.Info;
        if (stored.Width <= 0 || stored.Height <= 0)
        {
            throw new InvalidDataException(
                $"Image file '{path}' declares a size of {stored.Width}×{stored.Height} pixels; expected at least 1×1.");
        }

        var target = new SKImageInfo(stored.Width, stored.Height, SKColorType.Bgra8888,
            stored.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        destination.Resize(stored.Width, stored.Height);
        SKCodecResult result = DecodeInto(codec, target, destination.Pixels);
        if (result == SKCodecResult.IncompleteInput)
        {
            throw new InvalidDataException(
                $"Image file '{path}' is truncated: its {encoded.Length} bytes end before the " +
                $"{stored.Width}×{stored.Height} image they declare is complete.");
        }

        if (result != SKCodecResult.Success)
        {
            throw new InvalidDataException(
                $"Image file '{path}' ({encoded.Length} bytes) could not be decoded (SkiaSharp: {result}); " +
                $"expected {ExpectedFormats}.");
        }
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException ex)
        {
            throw new FileNotFoundException(
                $"Image file '{path}' does not exist (it was listed when the data source was created).", path, ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new FileNotFoundException(
                $"Image file '{path}' does not exist (its folder is gone since the data source was created).", path, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Image file '{path}' could not be read: {ex.Message}", ex);
        }
    }

    private static unsafe SKCodecResult DecodeInto(SKCodec codec, SKImageInfo target, Span<byte> pixels)
    {
        fixed (byte* first = pixels)
        {
            return codec.GetPixels(target, (IntPtr)first);
        }
    }
}
