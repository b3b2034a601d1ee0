using System.Diagnostics;
using System.Text;
using Tidings.Ingest.Reading;

namespace Tidings.Ingest.Tests;

public sealed class WalkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-walk-").FullName;

    // rm, not Directory.Delete: .NET cannot name a file whose name is not UTF-8
    public void Dispose() => Run("rm", "-rf", _dir);

    private static List<object> Walk(params string[] paths)
    {
        var task = Task.Run(() => InputWalker.Walk(paths).ToList());
#pragma warning disable xUnit1031 // a time-boxed wait is the point: the walk must end
        Assert.True(task.Wait(TimeSpan.FromSeconds(20)), "the walk did not end");
#pragma warning restore xUnit1031
        return task.Result;
    }

    private static void Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    [Fact]
    public void Symlink_loops_end_with_a_note_and_every_file_is_found_once()
    {
        File.WriteAllText(Path.Combine(_dir, "a.txt"), "A");
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.WriteAllText(Path.Combine(_dir, "sub", "b.html"), "B");
        File.CreateSymbolicLink(Path.Combine(_dir, "self1"), ".");
        File.CreateSymbolicLink(Path.Combine(_dir, "self2"), ".");
        File.CreateSymbolicLink(Path.Combine(_dir, "sub", "up"), "..");
        var items = Walk(_dir);
        var files = items.OfType<InputFile>().Select(f => Path.GetRelativePath(_dir, f.Display)).ToList();
        Assert.Equal(["a.txt", "sub/b.html"], files);
        var notes = items.OfType<WalkNote>().ToList();
        Assert.Equal(3, notes.Count);
        Assert.All(notes, n => Assert.Contains("symlink loop", n.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_fifo_in_a_folder_is_skipped_with_a_note_and_never_opened_for_a_blocking_read()
    {
        File.WriteAllText(Path.Combine(_dir, "a.txt"), "A");
        Run("mkfifo", Path.Combine(_dir, "fifo.html"));
        var items = Walk(_dir);
        Assert.Equal(["a.txt"], items.OfType<InputFile>().Select(f => Path.GetFileName(f.Display)));
        var note = Assert.Single(items.OfType<WalkNote>());
        Assert.EndsWith("fifo.html", note.Path, StringComparison.Ordinal);
        Assert.Contains("FIFO", note.Message, StringComparison.Ordinal);
        // named directly, it is refused by the open (O_NONBLOCK, then fstat), not waited on
        var direct = Walk(Path.Combine(_dir, "fifo.html"));
        Assert.Contains("FIFO", Assert.Single(direct.OfType<WalkNote>()).Message, StringComparison.Ordinal);
        var read = Task.Run(() => Assert.Throws<IOException>(() => NativeFiles.OpenRegular(Encoding.UTF8.GetBytes(Path.Combine(_dir, "fifo.html")))));
#pragma warning disable xUnit1031 // a time-boxed wait is the point: opening must not block
        Assert.True(read.Wait(TimeSpan.FromSeconds(10)), "opening the FIFO blocked");
#pragma warning restore xUnit1031
    }

    [Fact]
    public unsafe void A_file_whose_name_is_not_utf8_is_found_read_and_shown_with_escapes()
    {
        var raw = Encoding.UTF8.GetBytes(_dir + "/caf").Concat(new byte[] { 0xE9, (byte)'.', (byte)'t', (byte)'x', (byte)'t', 0 }).ToArray();
        fixed (byte* p = raw)
        {
            int fd = Tmds.Linux.LibC.open(p, Tmds.Linux.LibC.O_CREAT | Tmds.Linux.LibC.O_WRONLY, 420);
            Assert.True(fd >= 0);
            var text = "Harbour closed\n\nThe harbour was closed on Monday."u8.ToArray();
            fixed (byte* t = text)
                Tmds.Linux.LibC.write(fd, t, text.Length);
            Tmds.Linux.LibC.close(fd);
        }
        var file = Assert.Single(Walk(_dir).OfType<InputFile>());
        Assert.EndsWith("caf\\xE9.txt", file.Display, StringComparison.Ordinal);
        var item = Assert.Single(DocumentSource.Read(file, new IngestLimits(), ReadPosition.Start));
        Assert.Equal(ItemKind.Document, item.Kind);
        Assert.StartsWith("Harbour closed", Encoding.UTF8.GetString(item.Raw!.Content), StringComparison.Ordinal);
    }

    [Fact]
    public void Crawler_names_with_dots_and_no_page_extension_are_taken_when_compressed_and_other_files_are_left()
    {
        foreach (var name in new[] { "reisen-mit-dem-internet.de.emden-21416.gz", "notes.md", "photo.jpg", ".hidden.txt", "feed.rss", "crawl.warc.gz", "x.jsonl.zst" })
            File.WriteAllText(Path.Combine(_dir, name), "x");
        var names = Walk(_dir).OfType<InputFile>().Select(f => Path.GetFileName(f.Display)).ToList();
        Assert.Equal(["crawl.warc.gz", "feed.rss", "reisen-mit-dem-internet.de.emden-21416.gz", "x.jsonl.zst"], names);
    }

    [Fact]
    public void Globs_match_below_their_folder_and_report_when_nothing_matches()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "2026", "12"));
        File.WriteAllText(Path.Combine(_dir, "2026", "12", "a.warc.gz"), "x");
        File.WriteAllText(Path.Combine(_dir, "2026", "b.warc.gz"), "x");
        File.WriteAllText(Path.Combine(_dir, "2026", "c.txt"), "x");
        var all = Walk(_dir + "/2026/**/*.warc.gz").OfType<InputFile>().Select(f => Path.GetRelativePath(_dir, f.Display));
        Assert.Equal(["2026/12/a.warc.gz", "2026/b.warc.gz"], all);
        var top = Walk(_dir + "/2026/*.txt").OfType<InputFile>().Select(f => Path.GetRelativePath(_dir, f.Display));
        Assert.Equal(["2026/c.txt"], top);
        var none = Walk(_dir + "/*.nothing");
        Assert.Contains("no file matches", Assert.Single(none.OfType<WalkNote>()).Message, StringComparison.Ordinal);
    }
}
