using BenchmarkDotNet.Running;

namespace Tidings.Bench;

internal static class Program
{
    internal static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "e2e")
            return EndToEnd.Run(args[1..]);
        if (args.Length > 0 && args[0] == "store-check")
            return StoreBench.Check(args[1..]);
        if (args.Length > 0 && args[0] == "startup-gen")
            return StoreBench.Generate(args[1..]);
        if (args.Length > 0 && args[0] == "startup")
            return StoreBench.Startup(args[1..]);
        if (args.Length > 0 && args[0] == "extract-speed")
            return ExtractionSpeed.Run(args[1..]);
        if (args.Length > 0 && args[0] == "extract-diagnose")
            return ExtractionDiagnose.Run(args[1..]);
        if (args.Length > 0 && args[0] == "warc-gen")
            return NewsWarc.Run(args[1..]);
        if (args.Length > 0 && args[0] == "fit-page-kind")
            return FitPageKind.Run(args[1..]);
        if (args.Length > 0 && args[0] == "fit-story")
            return FitStory.Run(args[1..]);
        if (args.Length > 0 && args[0] == "story-curve")
            return StoryCurve.Run(args[1..]);
        if (args.Length > 0 && args[0] == "serve-load")
            return ServerLoad.Run(args[1..]);
        if (args.Length > 0 && args[0] == "fuzz")
            return FuzzBench.RunAsync(args[1..]).GetAwaiter().GetResult();
        if (args.Length > 0 && args[0] == "text-speed")
            return TextSpeed.Run(args[1..]);
        if (args.Length > 0 && args[0] == "bad-input-speed")
            return BadInputSpeed.Run(args[1..]);
        if (args.Length > 0 && args[0] == "cluster-speed")
            return ClusterSpeed.Run(args[1..]);
        if (args.Length > 0 && args[0] == "lid")
            return LanguageIdBench.RunSimple(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
