namespace Tidings.Bench;

/// <summary>End-to-end throughput: <c>dotnet run -c Release --project bench/Tidings.Bench -- e2e PATH</c>.</summary>
internal static class EndToEnd
{
    internal static int Run(string[] args)
    {
        Console.Error.WriteLine(args.Length == 0 ? "usage: e2e PATH..." : "e2e: not wired yet");
        return 2;
    }
}
