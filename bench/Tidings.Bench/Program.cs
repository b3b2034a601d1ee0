using BenchmarkDotNet.Running;

namespace Tidings.Bench;

internal static class Program
{
    internal static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "e2e")
            return EndToEnd.Run(args[1..]);
        if (args.Length > 0 && args[0] == "extract-speed")
            return ExtractionSpeed.Run(args[1..]);
        if (args.Length > 0 && args[0] == "extract-diagnose")
            return ExtractionDiagnose.Run(args[1..]);
        if (args.Length > 0 && args[0] == "warc-gen")
            return NewsWarc.Run(args[1..]);
        if (args.Length > 0 && args[0] == "lid")
            return LanguageIdBench.RunSimple(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
