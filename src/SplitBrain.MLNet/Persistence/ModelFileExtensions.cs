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
        if (Directory.Exists(filePath))
            throw new FileNotFoundException($"Model file '{filePath}' is a folder; expected a model zip file.", filePath);
        if (!File.Exists(filePath))
            throw new FileNotFoundException($"Model file '{filePath}' does not exist.", filePath);
        try
        {
            return catalog.Load(filePath, out inputSchema);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or IOException
            or InvalidOperationException or ArgumentException or NotSupportedException or System.Reflection.TargetInvocationException)
        {
            throw new InvalidDataException($"Model file '{filePath}' could not be loaded: {Cause(ex).Message}", ex);
        }
    }

    /// <summary>
    /// ML.NET wraps a loader's failure in reflection and format exceptions; the library's own message (an
    /// InvalidOperationException or InvalidDataException thrown by a SplitBrain.MLNet loader) names the problem.
    /// </summary>
    private static Exception Cause(Exception ex)
    {
        Exception? ours = null;
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e.TargetSite?.DeclaringType?.Assembly == typeof(ModelFileExtensions).Assembly)
                ours = e;
        }
        if (ours is not null)
            return ours;
        Exception innermost = ex;
        while (innermost.InnerException is not null)
            innermost = innermost.InnerException;
        return innermost;
    }
}
