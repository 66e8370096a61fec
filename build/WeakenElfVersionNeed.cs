// MSBuild task source for build/SplitBrain.MLNet.LibStdCxxCompat.targets (compiled by RoslynCodeTaskFactory).
// Marks one GNU version requirement (a Vernaux entry in .gnu.version_r) of an ELF64 little-endian
// shared library as weak, but only when the host's libstdc++ does not provide that version.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class SplitBrainWeakenElfVersionNeed : Task
{
    private const uint VersionNeedSectionType = 0x6ffffffe; // SHT_GNU_verneed
    private const ushort WeakFlag = 0x2;                     // VER_FLG_WEAK

    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string VersionName { get; set; } = "";

    private static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib64/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
    };

    public override bool Execute()
    {
        string hostLibrary = Array.Find(LibStdCxxCandidates, File.Exists);
        if (hostLibrary == null)
        {
            Log.LogMessage(MessageImportance.Normal, "SplitBrain libstdc++ compatibility: no system libstdc++ found; nothing changed.");
            return true;
        }
        if (Contains(File.ReadAllBytes(hostLibrary), Encoding.ASCII.GetBytes(VersionName + "\0")))
        {
            Log.LogMessage(MessageImportance.Low, "SplitBrain libstdc++ compatibility: " + hostLibrary + " provides " + VersionName + "; nothing changed.");
            return true;
        }
        foreach (ITaskItem item in Files)
        {
            string path = item.GetMetadata("FullPath");
            try
            {
                int changed = Weaken(path);
                Log.LogMessage(MessageImportance.Normal, "SplitBrain libstdc++ compatibility: " + path + ": " +
                    (changed > 0 ? "marked " + VersionName + " weak." : VersionName + " already weak or not required."));
            }
            catch (InvalidDataException ex)
            {
                Log.LogError("SplitBrain libstdc++ compatibility: " + path + ": " + ex.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    private int Weaken(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("expected a 64-bit little-endian ELF file.");

        long sectionTable = (long)BitConverter.ToUInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        int changed = 0;
        for (int s = 0; s < sectionCount; s++)
        {
            long header = sectionTable + (long)s * entrySize;
            if (BitConverter.ToUInt32(elf, (int)header + 4) != VersionNeedSectionType) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)header + 24);
            int stringSection = (int)BitConverter.ToUInt32(elf, (int)header + 40);
            int needCount = (int)BitConverter.ToUInt32(elf, (int)header + 44);
            long strings = (long)BitConverter.ToUInt64(elf, (int)(sectionTable + (long)stringSection * entrySize) + 24);

            long need = offset;
            for (int n = 0; n < needCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long name = strings + BitConverter.ToUInt32(elf, (int)aux + 8);
                    ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                    if (ReadString(elf, name) == VersionName && (flags & WeakFlag) == 0)
                    {
                        BitConverter.GetBytes((ushort)(flags | WeakFlag)).CopyTo(elf, (int)aux + 4);
                        changed++;
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        if (changed > 0)
        {
            // Write beside the target, then rename: the output never holds a half-written library,
            // and a hard link into the package cache is replaced rather than modified.
            string temporary = path + ".splitbrain-tmp";
            File.WriteAllBytes(temporary, elf);
            File.Replace(temporary, path, null);
        }
        return changed;
    }

    private static string ReadString(byte[] data, long start)
    {
        int end = (int)start;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)start, end - (int)start);
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
