using Microsoft.ML;

namespace SplitBrain.MLNet.Persistence;

/// <summary>
/// Version checks for the entries SplitBrain.MLNet writes into ML.NET model zips. ML.NET's own check reports a
/// too-new entry only as an unsupported version; this one says which component, which version the zip needs and
/// which version this library reads, so the user knows to upgrade.
/// </summary>
internal static class ModelVersions
{
    /// <summary>The name recorded as loader assembly: the simple name, so any version of the library can load it.</summary>
    public static string LoaderAssemblyName { get; } = typeof(ModelVersions).Assembly.GetName().Name!;

    public static void CheckReadable(ModelLoadContext context, VersionInfo current, string componentName)
    {
        uint readable = context.Header.ModelVerReadable;
        uint written = context.Header.ModelVerWritten;
        if (readable > current.VerWrittenCur)
        {
            throw new InvalidOperationException(
                $"This model's {componentName} entry was written in format version {Format(written)} and needs a reader of " +
                $"version {Format(readable)} or newer; this SplitBrain.MLNet ({typeof(ModelVersions).Assembly.GetName().Version}) " +
                $"reads up to version {Format(current.VerWrittenCur)}. Upgrade the SplitBrain.MLNet package.");
        }
        if (written < current.VerWeCanReadBack)
        {
            throw new InvalidOperationException(
                $"This model's {componentName} entry is in format version {Format(written)}, older than the oldest this " +
                $"library reads ({Format(current.VerWeCanReadBack)}).");
        }
        context.CheckAtModel(current);
    }

    /// <summary>Formats a version the way ML.NET packs it: 0xMMMMmmmm as "M.m".</summary>
    public static string Format(uint version) => $"{version >> 16}.{version & 0xFFFF}";
}
