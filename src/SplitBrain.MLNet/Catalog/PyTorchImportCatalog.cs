using Microsoft.ML;
using SplitBrain.MLNet.Catalog;
using SplitBrain.MLNet.Networks;
using SplitBrain.MLNet.Training;

namespace SplitBrain.MLNet;

/// <summary>Adds <c>ImportSplitBrainPyTorch</c> to <c>mlContext.Transforms</c>.</summary>
public static class PyTorchImportCatalog
{
    /// <summary>
    /// Builds a <see cref="SplitBrainPretrainTransformer"/> from a PyTorch <c>state_dict</c> file written by the 2019
    /// reference project. The file is read with TorchSharp.PyBridge, which never runs pickled code. Reference names map
    /// onto this library's (<c>ch1_net.</c> → <c>single_net.</c>, <c>ch2_net.</c> → <c>pair_net.</c>); a missing or
    /// unexpected key, or a tensor of the wrong shape, is an error that names it. The featurizer runs on the CPU.
    /// Write weights back with <see cref="SplitBrainPretrainTransformer.ExportPyTorch"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="stateDictPath">The <c>.pth</c> file.</param>
    /// <param name="options">The network's shape and the column names; null for the reference's defaults.</param>
    public static SplitBrainPretrainTransformer ImportSplitBrainPyTorch(this TransformsCatalog catalog, string stateDictPath,
        PyTorchImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(stateDictPath);
        options ??= new PyTorchImportOptions();
        if (!File.Exists(stateDictPath))
            throw new FileNotFoundException($"PyTorch checkpoint '{stateDictPath}' does not exist.", stateDictPath);
        var settings = new SplitBrainNetworkSettings(options.Encoder, options.SingleBins, options.PairBins,
            options.ImageSize, options.GridSize, options.ColorSpace);
        SplitBrainNetwork network = settings.Build();
        try
        {
            ReferenceCheckpoint.Import(network, stateDictPath);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return new SplitBrainPretrainTransformer(CatalogEnvironment.Of(catalog), network, settings, options.FeatureKind,
            options.SingleChannelColumnName, options.PairChannelsColumnName, options.FeatureColumnName, TorchSharp.torch.CPU);
    }
}
