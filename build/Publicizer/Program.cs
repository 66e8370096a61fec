using Mono.Cecil;

// Usage: Publicizer <input.dll> <output.dll>
//
// Writes a copy of <input.dll> for the compiler only: every type becomes public; private, internal and
// protected-internal members become public; private-protected members become protected; protected members stay
// protected. The assembly identity is unchanged, so code compiled against the copy binds to the real assembly at
// run time, where SplitBrain.MLNet's IgnoresAccessChecksTo attributes let the runtime accept the access.
// The copy is written beside the target and renamed into place, and skipped when it is newer than the input.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Publicizer <input.dll> <output.dll>");
    return 2;
}

string input = args[0];
string output = args[1];
if (File.Exists(output) && File.GetLastWriteTimeUtc(output) >= File.GetLastWriteTimeUtc(input))
    return 0;

var resolver = new DefaultAssemblyResolver();
resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(input))!);
using (var assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver }))
{
    foreach (TypeDefinition type in assembly.MainModule.GetTypes())
        Publicize(type);

    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    string temporary = output + ".tmp";
    assembly.Write(temporary);
    File.Move(temporary, output, overwrite: true);
}
return 0;

static void Publicize(TypeDefinition type)
{
    if (type.IsNested)
        type.IsNestedPublic = true;
    else
        type.IsPublic = true;

    foreach (MethodDefinition method in type.Methods)
    {
        if (method.IsFamilyAndAssembly)
            method.IsFamily = true;
        else if (!method.IsPublic && !method.IsFamily)
            method.IsPublic = true;
    }

    foreach (FieldDefinition field in type.Fields)
    {
        // Event backing fields share their event's name; publishing them would make the name ambiguous.
        if (type.Events.Any(e => e.Name == field.Name))
            continue;
        if (field.IsFamilyAndAssembly)
            field.IsFamily = true;
        else if (!field.IsPublic && !field.IsFamily)
            field.IsPublic = true;
    }
}
