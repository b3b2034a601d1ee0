using System.CommandLine;
using System.Text;
using Tidings.Cli.Commands;

namespace Tidings.Cli;

internal static class Program
{
    internal static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        var root = BuildRoot();
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    /// <summary>The whole command tree; tests parse against it too.</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("Tidings: multilingual news-event engine. Extracts articles from crawled pages, tells their language and groups them into stories across languages.");
        var eval = new Command("eval", "Measure a stage's quality on a dataset.");
        StoryCommands.Register(root);
        ExtractCommand.Register(root, eval);
        DetectCommand.Register(root, eval);
        EvalStoriesCommand.Register(eval);
        ClusteringCommands.Register(root, eval);
        root.Subcommands.Add(eval);
        return root;
    }
}
