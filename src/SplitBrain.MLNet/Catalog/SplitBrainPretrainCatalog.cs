using Microsoft.ML;
using SplitBrain.MLNet.Catalog;

namespace SplitBrain.MLNet;

/// <summary>Adds <c>SplitBrainPretrain</c> to <c>mlContext.Transforms</c>.</summary>
public static class SplitBrainPretrainCatalog
{
    /// <summary>
    /// Self-supervised split-brain pretraining on LabQuantize's columns; the fitted transformer adds a feature column.
    /// See <see cref="SplitBrainPretrainEstimator"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="featureColumnName">The output feature column.</param>
    /// <param name="encoder">The encoder architecture of both nets.</param>
    /// <param name="epochs">Passes over the data, at least 1.</param>
    /// <param name="batchSize">Images per step, at least 1.</param>
    /// <param name="learningRate">Adam's learning rate, above 0.</param>
    /// <param name="seed">Seeds initialisation and shuffling.</param>
    /// <param name="featureKind">ScoreMaps (the reference's classifier input) or PooledHidden (for linear trainers).</param>
    public static SplitBrainPretrainEstimator SplitBrainPretrain(this TransformsCatalog catalog,
        string featureColumnName = ColumnNames.Features,
        EncoderKind encoder = EncoderKind.Simple,
        int epochs = 10,
        int batchSize = 64,
        double learningRate = 1e-4,
        int seed = 0,
        SplitBrainFeatureKind featureKind = SplitBrainFeatureKind.ScoreMaps)
        => SplitBrainPretrain(catalog, new SplitBrainPretrainEstimator.Options
        {
            FeatureColumnName = featureColumnName,
            Encoder = encoder,
            Epochs = epochs,
            BatchSize = batchSize,
            LearningRate = learningRate,
            Seed = seed,
            FeatureKind = featureKind,
        });

    /// <summary>SplitBrainPretrain with every setting.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings.</param>
    public static SplitBrainPretrainEstimator SplitBrainPretrain(this TransformsCatalog catalog, SplitBrainPretrainEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SplitBrainPretrainEstimator(CatalogEnvironment.Of(catalog), options);
    }
}
