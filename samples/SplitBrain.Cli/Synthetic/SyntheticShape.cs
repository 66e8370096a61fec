namespace SplitBrain.Cli.Synthetic;

/// <summary>The object shapes of the synthetic classes; the name (lower case) is part of each class folder name.</summary>
internal enum SyntheticShape
{
    /// <summary>Filled circles.</summary>
    Discs,

    /// <summary>Filled squares, rotated.</summary>
    Squares,

    /// <summary>Annuli whose inner radius is 55% of the outer.</summary>
    Rings,

    /// <summary>Filled equilateral triangles, rotated.</summary>
    Triangles,

    /// <summary>Discs filled with parallel stripes in the class colour and a darker shade of it.</summary>
    Stripes,

    /// <summary>Plus signs whose arms are 30% of the radius wide, rotated.</summary>
    Crosses,
}
