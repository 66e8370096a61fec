using Microsoft.ML;
using SplitBrain.MLNet.Catalog;

namespace SplitBrain.MLNet;

/// <summary>Adds <c>SplitBrainClassifier</c> to <c>mlContext.MulticlassClassification.Trainers</c> and the
/// denoising-autoencoder baseline to <c>mlContext.Transforms</c>.</summary>
public static class SplitBrainClassifierCatalog
{
    /// <summary>Fine-tunes a classifier on a pretrained split-brain featurizer. See <see cref="SplitBrainClassifierTrainer"/>.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="pretrained">The fitted featurizer to start from (its weights are copied).</param>
    /// <param name="labelColumnName">The key label column.</param>
    /// <param name="epochs">The most epochs to train.</param>
    /// <param name="validationData">Optional validation rows for early stopping and per-epoch top-k.</param>
    /// <param name="head">Linear or Mlp head.</param>
    /// <param name="seed">Seeds the head and the shuffles.</param>
    public static SplitBrainClassifierTrainer SplitBrainClassifier(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        SplitBrainPretrainTransformer pretrained,
        string labelColumnName = ColumnNames.Label,
        int epochs = 30,
        IDataView? validationData = null,
        ClassifierHeadKind head = ClassifierHeadKind.Linear,
        int seed = 0)
        => SplitBrainClassifier(catalog, new SplitBrainClassifierTrainer.Options
        {
            Pretrained = pretrained,
            LabelColumnName = labelColumnName,
            Epochs = epochs,
            ValidationData = validationData,
            Head = head,
            Seed = seed,
        });

    /// <summary>SplitBrainClassifier with every setting (also the from-scratch and autoencoder baselines).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The settings.</param>
    public static SplitBrainClassifierTrainer SplitBrainClassifier(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, SplitBrainClassifierTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SplitBrainClassifierTrainer(CatalogEnvironment.Of(catalog), options);
    }

    /// <summary>Trains the denoising-autoencoder baseline on LabQuantize (Rgb) columns. See <see cref="DenoisingAutoencoderEstimator"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings.</param>
    public static DenoisingAutoencoderEstimator DenoisingAutoencoderPretrain(this TransformsCatalog catalog,
        DenoisingAutoencoderEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DenoisingAutoencoderEstimator(CatalogEnvironment.Of(catalog), options);
    }
}
