using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace SplitBrain.MLNet.Data;

/// <summary>
/// The schema of an <see cref="ImageDataView"/> and where each column sits in it: the image column, then the
/// label column (labeled sources only), then the path column (when named).
/// </summary>
internal sealed class ImageDataSchema
{
    /// <summary>The standard annotation kind of a key column's value names (ML.NET's "KeyValues").</summary>
    public const string KeyValuesAnnotationKind = "KeyValues";

    private ImageDataSchema(DataViewSchema schema, int labelIndex, int pathIndex)
    {
        Schema = schema;
        LabelIndex = labelIndex;
        PathIndex = pathIndex;
    }

    public DataViewSchema Schema { get; }

    public int ImageIndex => 0;

    /// <summary>Index of the label column, or -1.</summary>
    public int LabelIndex { get; }

    /// <summary>Index of the path column, or -1.</summary>
    public int PathIndex { get; }

    public static ImageDataSchema Build(ImageRecordStore store, ImageDataSourceOptions options)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(options.ImageColumnName, store.ImageHeight > 0
            ? new ImageDataViewType(store.ImageHeight, store.ImageWidth)
            : new ImageDataViewType());

        int next = 1;
        int labelIndex = -1;
        if (store.ClassNames is { } classNames)
        {
            builder.AddColumn(options.LabelColumnName, new KeyDataViewType(typeof(uint), classNames.Count),
                KeyValueAnnotations(classNames));
            labelIndex = next++;
        }

        int pathIndex = -1;
        if (options.ImagePathColumnName is { } pathColumn)
        {
            builder.AddColumn(pathColumn, TextDataViewType.Instance);
            pathIndex = next;
        }

        return new ImageDataSchema(builder.ToSchema(), labelIndex, pathIndex);
    }

    private static DataViewSchema.Annotations KeyValueAnnotations(IReadOnlyList<string> classNames)
    {
        ReadOnlyMemory<char>[] names = classNames.Select(n => n.AsMemory()).ToArray();
        ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter = (ref VBuffer<ReadOnlyMemory<char>> dst) =>
        {
            var editor = VBufferEditor.Create(ref dst, names.Length);
            names.CopyTo(editor.Values);
            dst = editor.Commit();
        };

        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add(KeyValuesAnnotationKind, new VectorDataViewType(TextDataViewType.Instance, names.Length), getter);
        return annotations.ToAnnotations();
    }
}
