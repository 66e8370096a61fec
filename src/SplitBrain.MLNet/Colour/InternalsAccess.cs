using System.Runtime.CompilerServices;

// The colour core is internal machinery; the test, benchmark and CLI assemblies of this repository call it directly.
[assembly: InternalsVisibleTo("SplitBrain.MLNet.Tests")]
[assembly: InternalsVisibleTo("SplitBrain.MLNet.Benchmarks")]
[assembly: InternalsVisibleTo("splitbrain")]
