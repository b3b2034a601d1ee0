using System.CommandLine;
using System.Text;
using Tidings.Cli.Commands;

namespace Tidings.Cli;

internal static class Program
{
    internal static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        return await RunAsync(args).ConfigureAwait(false);
    }

    /// <summary>Parses and runs a command line; tests call this too.</summary>
    internal static async Task<int> RunAsync(string[] args)
    {
        var parse = BuildRoot().Parse(args);
        if (parse.Errors.Count > 0)
            return Usage(parse);
        return await parse.InvokeAsync().ConfigureAwait(false);
    }

    /// <summary>Wrong arguments: said in words on standard error, with where to get help, and exit code 2 (as Unix
    /// tools and the dotnet CLI do).</summary>
    internal static int Usage(ParseResult parse)
    {
        foreach (var e in parse.Errors)
            Console.Error.WriteLine($"tidings: {e.Message}");
        var command = parse.CommandResult.Command;
        var name = command is RootCommand ? "" : " " + string.Join(' ', parse.CommandResult.Command.Name);
        Console.Error.WriteLine($"Run 'tidings{name} --help' for usage.");
        return 2;
    }

    /// <summary>The whole command tree; tests parse against it too.</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("Tidings: multilingual news-event engine. Extracts articles from crawled pages, tells their language and groups them into stories across languages.");
        var eval = new Command("eval", "Measure a stage's quality on a dataset.");
        StoryCommands.Register(root);
        ServeCommand.Register(root);
        ExtractCommand.Register(root, eval);
        DetectCommand.Register(root, eval);
        AnalyzeCommand.Register(root);
        EvalStoriesCommand.Register(eval);
        ClusteringCommands.Register(root, eval);
        root.Subcommands.Add(eval);
        return root;
    }
}
