using Microsoft.ML;
using SplitBrain.MLNet.Persistence;

namespace SplitBrain.MLNet;

/// <summary>Safer save and clearer load for ML.NET model zips holding SplitBrain.MLNet components.</summary>
public static class ModelFileExtensions
{
    /// <summary>
    /// Saves like <see cref="ModelOperationsCatalog.Save(ITransformer, DataViewSchema, string)"/>, but atomically: the zip
    /// is written to a temporary file in the same folder and renamed over <paramref name="filePath"/> only when complete,
    /// so an interrupted save never leaves a half-written model under the target name.
    /// </summary>
    /// <param name="catalog">mlContext.Model.</param>
    /// <param name="model">The fitted model or pipeline.</param>
    /// <param name="inputSchema">The schema of the data the model takes (saved with it, as ML.NET does).</param>
    /// <param name="filePath">Where the .zip goes.</param>
    public static void SaveAtomically(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema? inputSchema, string filePath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        AtomicFile.Write(filePath, stream => catalog.Save(model, inputSchema, stream));
    }

    /// <summary>
    /// Loads a model zip like <see cref="ModelOperationsCatalog.Load(string, out DataViewSchema)"/>, but turns a
    /// missing, truncated or corrupted file into an <see cref="InvalidDataException"/> naming the file and the cause.
    /// </summary>
    /// <param name="catalog">mlContext.Model.</param>
    /// <param name="filePath">The .zip to read.</param>
    /// <param name="inputSchema">The schema saved with the model.</param>
    public static ITransformer LoadChecked(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (!File.Exists(filePath))
            throw new FileNotFoundException($"Model file '{filePath}' does not exist.", filePath);
        try
        {
            return catalog.Load(filePath, out inputSchema);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or IOException
            or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"Model file '{filePath}' could not be loaded: {Innermost(ex).Message}", ex);
        }
    }

    private static Exception Innermost(Exception ex)
    {
        // ML.NET wraps loader failures; the innermost message is the one that names the problem.
        while (ex.InnerException is not null && ex is not InvalidDataException)
            ex = ex.InnerException;
        return ex;
    }
}
