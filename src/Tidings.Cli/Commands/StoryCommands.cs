using System.CommandLine;

namespace Tidings.Cli.Commands;

/// <summary><c>tidings ingest</c>, <c>stories</c>, <c>show</c> and <c>demo</c>.</summary>
internal static class StoryCommands
{
    internal static void Register(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
    }
}
