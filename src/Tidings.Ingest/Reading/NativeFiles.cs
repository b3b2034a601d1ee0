using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace Tidings.Ingest.Reading;

/// <summary>What a directory entry or path is, from lstat/stat.</summary>
internal enum EntryType
{
    Missing,
    Regular,
    Directory,
    Symlink,
    Special,
}

/// <summary>File system access on raw path bytes (Linux file names are bytes, not always UTF-8; .NET's string paths
/// lose the bytes that are not). stat and open come from Tmds.LibC; directory listing from libc's opendir/readdir.</summary>
internal static unsafe partial class NativeFiles
{
    private const int DT_UNKNOWN = 0, DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_BLK = 6, DT_REG = 8, DT_LNK = 10, DT_SOCK = 12;

    [LibraryImport("libc", SetLastError = true)]
    private static partial IntPtr opendir(byte* name);

    [LibraryImport("libc", SetLastError = true)]
    private static partial IntPtr readdir64(IntPtr dir);

    [LibraryImport("libc")]
    private static partial int closedir(IntPtr dir);

    /// <summary>The path as shown to people: UTF-8, with each byte that is not valid UTF-8 written as \xNN.</summary>
    public static string Display(ReadOnlySpan<byte> raw)
    {
        var sb = new StringBuilder(raw.Length);
        while (raw.Length > 0)
        {
            if (System.Text.Rune.DecodeFromUtf8(raw, out var rune, out int used) == System.Buffers.OperationStatus.Done)
            {
                sb.Append(rune.ToString());
            }
            else
            {
                used = 1;
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{raw[0]:X2}");
            }
            raw = raw[used..];
        }
        return sb.ToString();
    }

    public static byte[] Bytes(string path) => Encoding.UTF8.GetBytes(path);

    private static byte[] Terminated(ReadOnlySpan<byte> path)
    {
        var z = new byte[path.Length + 1];
        path.CopyTo(z);
        return z;
    }

    private static EntryType TypeOf(uint mode) => (mode & 0xF000) switch
    {
        0x8000 => EntryType.Regular,
        0x4000 => EntryType.Directory,
        0xA000 => EntryType.Symlink,
        _ => EntryType.Special,
    };

    /// <summary>The type of the path (following symlinks when <paramref name="follow"/>), its device and inode.</summary>
    public static (EntryType Type, ulong Device, ulong Inode, long Size, long MtimeTicks) Stat(ReadOnlySpan<byte> path, bool follow)
    {
        var z = Terminated(path);
        stat st;
        int rc;
        fixed (byte* p = z)
            rc = follow ? LibC.stat(p, &st) : LibC.lstat(p, &st);
        if (rc != 0)
            return (EntryType.Missing, 0, 0, 0, 0);
        long mtime = (long)st.st_mtim.tv_sec * TimeSpan.TicksPerSecond + (long)st.st_mtim.tv_nsec / 100;
        return (TypeOf((uint)st.st_mode), (ulong)st.st_dev, (ulong)st.st_ino, (long)st.st_size, mtime);
    }

    /// <summary>The entries of a directory (without . and ..) with the type readdir reports, sorted by name bytes.</summary>
    public static List<(byte[] Name, EntryType Type)>? List(ReadOnlySpan<byte> path)
    {
        var z = Terminated(path);
        IntPtr dir;
        fixed (byte* p = z)
            dir = opendir(p);
        if (dir == IntPtr.Zero)
            return null;
        var entries = new List<(byte[], EntryType)>();
        try
        {
            IntPtr e;
            while ((e = readdir64(dir)) != IntPtr.Zero)
            {
                // struct dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                byte* b = (byte*)e;
                byte type = b[18];
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(b + 19);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                    continue;
                entries.Add((name.ToArray(), type switch
                {
                    DT_REG => EntryType.Regular,
                    DT_DIR => EntryType.Directory,
                    DT_LNK => EntryType.Symlink,
                    DT_FIFO or DT_CHR or DT_BLK or DT_SOCK => EntryType.Special,
                    _ => EntryType.Missing, // DT_UNKNOWN: ask stat
                }));
            }
        }
        finally
        {
            _ = closedir(dir);
        }
        entries.Sort((a, b) => a.Item1.AsSpan().SequenceCompareTo(b.Item1));
        return entries;
    }

    /// <summary>Opens a regular file for reading. A FIFO, socket or device is refused without blocking (O_NONBLOCK
    /// open, then fstat), so a named pipe in a folder never hangs the run.</summary>
    /// <exception cref="IOException">Missing, unreadable or not a regular file.</exception>
    public static FileStream OpenRegular(ReadOnlySpan<byte> path)
    {
        var z = Terminated(path);
        int fd;
        fixed (byte* p = z)
            fd = LibC.open(p, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                2 => new FileNotFoundException("no such file"),
                13 => new UnauthorizedAccessException("permission denied"),
                _ => new IOException($"cannot open (errno {errno})"),
            };
        }
        stat st;
        if (LibC.fstat(fd, &st) != 0 || TypeOf((uint)st.st_mode) != EntryType.Regular)
        {
            _ = LibC.close(fd);
            throw new IOException(TypeOf((uint)st.st_mode) == EntryType.Directory ? "is a directory" : "not a regular file (FIFO, socket or device): skipped");
        }
        // back to blocking reads (O_NONBLOCK has no effect on regular files anyway)
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        return new FileStream(handle, FileAccess.Read, 1 << 16);
    }
}
