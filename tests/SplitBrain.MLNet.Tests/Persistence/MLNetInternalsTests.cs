using Mono.Cecil;
using Xunit;

namespace SplitBrain.MLNet.Tests.Persistence;

/// <summary>
/// The library compiles against publicized copies of ML.NET, so a use of an ML.NET internal that a later ML.NET
/// renames or removes would only show at run time. These tests read the compiled library, list every non-public
/// ML.NET type and member it references, and check that list against the committed one
/// (src/SplitBrain.MLNet/Persistence/MLNetInternalsUsed.txt) and against the ML.NET assemblies actually referenced.
/// Run with SPLITBRAIN_UPDATE_INTERNALS_LIST=1 to rewrite the list after a deliberate change.
/// </summary>
public class MLNetInternalsTests
{
    private static readonly string[] MLNetAssemblies = { "Microsoft.ML.Core", "Microsoft.ML.Data" };

    [Fact]
    public void EveryMLNetInternalTheLibraryUsesIsListedAndNothingElse()
    {
        var used = InternalsUsed().Select(u => u.Description).ToHashSet(StringComparer.Ordinal);
        string listPath = Path.Combine(AppContext.BaseDirectory, "MLNetInternalsUsed.txt");
        var listed = File.ReadAllLines(listPath)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);

        if (Environment.GetEnvironmentVariable("SPLITBRAIN_UPDATE_INTERNALS_LIST") == "1")
        {
            // Developer aid: rewrites the committed list from what the library uses now; review the diff.
            string source = Path.Combine(TestData.SharedData.RepositoryRoot, "src", "SplitBrain.MLNet", "Persistence", "MLNetInternalsUsed.txt");
            var header = File.ReadAllLines(source).TakeWhile(l => l.StartsWith('#'));
            File.WriteAllLines(source, header.Concat(used.Order(StringComparer.Ordinal)));
            return;
        }

        var unlisted = used.Except(listed).Order(StringComparer.Ordinal).ToList();
        var stale = listed.Except(used).Order(StringComparer.Ordinal).ToList();
        Assert.True(unlisted.Count == 0 && stale.Count == 0,
            "MLNetInternalsUsed.txt is out of date.\nUsed but not listed:\n  " + string.Join("\n  ", unlisted) +
            "\nListed but no longer used:\n  " + string.Join("\n  ", stale));
    }

    [Fact]
    public void EveryMLNetInternalTheLibraryUsesExistsInTheReferencedMLNet()
    {
        var missing = InternalsUsed().Where(u => !u.Resolves).Select(u => u.Description).ToList();
        Assert.True(missing.Count == 0, "Not found in the referenced ML.NET:\n  " + string.Join("\n  ", missing));
    }

    private static IEnumerable<(string Description, bool Resolves)> InternalsUsed()
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(AppContext.BaseDirectory);
        using var library = AssemblyDefinition.ReadAssembly(
            Path.Combine(AppContext.BaseDirectory, "SplitBrain.MLNet.dll"), new ReaderParameters { AssemblyResolver = resolver });
        ModuleDefinition module = library.MainModule;
        var results = new Dictionary<string, bool>(StringComparer.Ordinal);

        foreach (TypeReference type in module.GetTypeReferences().Where(IsMLNet))
        {
            TypeDefinition? definition = type.Resolve();
            if (definition is null)
                results[$"type {type.FullName}"] = false;
            else if (!IsVisible(definition))
                results[$"type {type.FullName}"] = true;
        }
        foreach (MemberReference member in module.GetMemberReferences().Where(m => IsMLNet(m.DeclaringType)))
        {
            IMemberDefinition? definition = member.Resolve();
            string description = $"member {member.DeclaringType.FullName}::{member.Name} {Signature(member)}";
            if (definition is null)
                results[description] = false;
            else if (!IsVisible(definition))
                results[description] = true;
        }
        return results.Select(kv => (kv.Key, kv.Value));
    }

    private static bool IsMLNet(TypeReference type)
    {
        TypeReference element = type.GetElementType();
        while (element.DeclaringType is not null)
            element = element.DeclaringType;
        string? scope = element.Scope switch
        {
            AssemblyNameReference a => a.Name,
            ModuleDefinition m => m.Assembly.Name.Name,
            _ => null,
        };
        return scope is not null && MLNetAssemblies.Contains(scope);
    }

    private static bool IsVisible(IMemberDefinition definition) => definition switch
    {
        TypeDefinition t => (t.IsPublic || t.IsNestedPublic || t.IsNestedFamily || t.IsNestedFamilyOrAssembly)
            && (t.DeclaringType is null || IsVisible(t.DeclaringType)),
        MethodDefinition m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && IsVisible(m.DeclaringType),
        FieldDefinition f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && IsVisible(f.DeclaringType),
        _ => true,
    };

    private static string Signature(MemberReference member) => member switch
    {
        MethodReference m => $"({string.Join(", ", m.Parameters.Select(p => p.ParameterType.FullName))})",
        FieldReference f => f.FieldType.FullName,
        _ => "",
    };
}
