using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace SplitBrain.MLNet.Catalog;

/// <summary>Reaches the MLContext's host environment behind an ML.NET catalog, as ML.NET's own extensions do.</summary>
internal static class CatalogEnvironment
{
    public static IHostEnvironment Of(IInternalCatalog catalog) => catalog.Environment;
}
