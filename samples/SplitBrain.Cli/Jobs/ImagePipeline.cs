using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.MLNet;

namespace SplitBrain.Cli.Jobs;

/// <summary>Builds the preprocessing every model of the CLI starts with: resize to a square, then LabQuantize.</summary>
internal static class ImagePipeline
{
    /// <summary>The label grid used when --grid is not given: 12 cells for 96-pixel images (the reference), else 8.</summary>
    public static int DefaultGrid(int size) => size >= 96 ? 12 : Math.Min(8, size);

    /// <summary>The images' own side, read from the column type or the first image; non-square images need --size.</summary>
    public static int ImageSide(IDataView data, string imageColumn, int? requested)
    {
        if (requested is int size)
        {
            if (size < 8)
                throw new UserInputException($"--size {size}: expected at least 8 pixels.");
            return size;
        }
        if (data.Schema[imageColumn].Type is ImageDataViewType { Height: > 0 } typed)
        {
            if (typed.Height != typed.Width)
                throw new UserInputException($"The images are {typed.Width}×{typed.Height}; give --size to resize them to a square.");
            return typed.Height;
        }
        using var cursor = data.GetRowCursor(new[] { data.Schema[imageColumn] });
        var getter = cursor.GetGetter<MLImage>(data.Schema[imageColumn]);
        if (!cursor.MoveNext())
            throw new UserInputException("The data holds no images.");
        MLImage image = null!;
        getter(ref image);
        if (image.Height != image.Width)
            throw new UserInputException($"The first image is {image.Width}×{image.Height}; give --size to resize the images to a square.");
        return image.Height;
    }

    public static IEstimator<ITransformer> Preprocess(MLContext ml, IDataView data, string imageColumn, int size, ColorSpace space, int grid)
    {
        IEstimator<ITransformer> resize = data.Schema[imageColumn].Type is ImageDataViewType { Height: var h, Width: var w } && h == size && w == size
            ? ml.Transforms.CopyColumns(imageColumn + "Sized", imageColumn)
            : ml.Transforms.ResizeImages(imageColumn + "Sized", size, size, imageColumn, ImageResizingEstimator.ResizingKind.Fill);
        return resize.Append(ml.Transforms.LabQuantize(new LabQuantizingEstimator.Options
        {
            InputColumnName = imageColumn + "Sized",
            ColorSpace = space,
            GridSize = grid,
        }));
    }

    public static ColorSpace ParseSpace(string text) => text.ToLowerInvariant() switch
    {
        "lab" => ColorSpace.Lab,
        "lab-rescaled" => ColorSpace.LabRescaled,
        "rgb" => ColorSpace.Rgb,
        _ => throw new UserInputException($"--space '{text}': expected lab, lab-rescaled or rgb."),
    };

    public static string SpaceName(ColorSpace space) => space switch
    {
        ColorSpace.LabRescaled => "lab-rescaled",
        ColorSpace.Rgb => "rgb",
        _ => "lab",
    };

    public static EncoderKind ParseEncoder(string text) => text.ToLowerInvariant() switch
    {
        "simple" => EncoderKind.Simple,
        "alexnet" => EncoderKind.AlexNet,
        "resnet18" => EncoderKind.ResNet18,
        "resnet18-no-final-relu" => EncoderKind.ResNet18NoFinalRelu,
        "googlenet" => EncoderKind.GoogLeNet,
        _ => throw new UserInputException($"--encoder '{text}': expected simple, alexnet, resnet18, resnet18-no-final-relu or googlenet."),
    };

    public static ComputeDevice ParseDevice(string text) => text.ToLowerInvariant() switch
    {
        "auto" => ComputeDevice.Auto,
        "cpu" => ComputeDevice.Cpu,
        "cuda" => ComputeDevice.Cuda,
        _ => throw new UserInputException($"--device '{text}': expected auto, cpu or cuda."),
    };
}
