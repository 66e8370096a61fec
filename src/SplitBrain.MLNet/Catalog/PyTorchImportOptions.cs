namespace SplitBrain.MLNet;

/// <summary>
/// The shape of a split-brain network stored in a PyTorch <c>state_dict</c> file of the 2019 reference project
/// (keys such as <c>ch1_net.encoder.0.weight</c>). A state_dict holds weights only, so the shape is given here; every
/// tensor's shape is then checked against it.
/// </summary>
public sealed class PyTorchImportOptions
{
    /// <summary>The encoder architecture of both nets. Default Simple.</summary>
    public EncoderKind Encoder { get; set; } = EncoderKind.Simple;

    /// <summary>The side of the square input images, in pixels. Default 96, as the reference trained.</summary>
    public int ImageSize { get; set; } = 96;

    /// <summary>Cells per side of the label grid. Default 12.</summary>
    public int GridSize { get; set; } = 12;

    /// <summary>Classes of the single channel (L or R). Default 100.</summary>
    public int SingleBins { get; set; } = 100;

    /// <summary>Bins per axis of the pair (ab or GB); the single net predicts PairBins² classes. Default 10.</summary>
    public int PairBins { get; set; } = 10;

    /// <summary>The colour space the network was trained on. Default Lab.</summary>
    public ColorSpace ColorSpace { get; set; } = ColorSpace.Lab;

    /// <summary>What the Features column of the imported featurizer holds. Default ScoreMaps.</summary>
    public SplitBrainFeatureKind FeatureKind { get; set; } = SplitBrainFeatureKind.ScoreMaps;

    /// <summary>The input column of single-channel planes. Default SingleChannel.</summary>
    public string SingleChannelColumnName { get; set; } = ColumnNames.SingleChannel;

    /// <summary>The input column of pair planes. Default PairChannels.</summary>
    public string PairChannelsColumnName { get; set; } = ColumnNames.PairChannels;

    /// <summary>The output feature column. Default Features.</summary>
    public string FeatureColumnName { get; set; } = ColumnNames.Features;
}
