using System.Runtime.InteropServices;

namespace Tidings.Text;

/// <summary>The system's ICU (libicuuc, libicui18n) reached by P/Invoke through function pointers. The version is
/// found at run time the way .NET's own globalization shim finds it: <c>TIDINGS_ICU_VERSION</c> (or .NET's
/// <c>DOTNET_ICU_VERSION_OVERRIDE</c>) when set, else the newest <c>libicuuc.so.N</c> that loads, N from 100 down
/// to 50; symbols carry the <c>_N</c> suffix (or none, for builds without renaming). <c>TIDINGS_ICU=off</c>
/// turns ICU off (as if it were missing); every user then falls back to its own tables.</summary>
internal sealed unsafe class Icu
{
    private readonly delegate* unmanaged<char*, int, int, char*, int, void*, int*, nint> _transOpen;
    private readonly delegate* unmanaged<nint, char*, int*, int, int, int*, int*, void> _trans;
    private readonly delegate* unmanaged<nint, void> _transClose;
    private readonly delegate* unmanaged<int, byte*, char*, int, int*, nint> _brkOpen;
    private readonly delegate* unmanaged<nint, int> _brkFirst;
    private readonly delegate* unmanaged<nint, int> _brkNext;
    private readonly delegate* unmanaged<nint, int> _brkRuleStatus;
    private readonly delegate* unmanaged<nint, void> _brkClose;

    /// <summary>The ICU major version in use.</summary>
    internal int Version { get; }

    private static readonly Lazy<Icu?> Instance = new(() => Environment.GetEnvironmentVariable("TIDINGS_ICU") is "off" or "0" ? null : TryLoad());

    /// <summary>The system ICU, or null when it is missing or turned off.</summary>
    internal static Icu? System => Instance.Value;

    private Icu(int version, nint uc, nint i18n, string suffix)
    {
        Version = version;
        nint F(nint lib, string name) => NativeLibrary.TryGetExport(lib, name + suffix, out var p) ? p
            : throw new EntryPointNotFoundException(name + suffix);
        _transOpen = (delegate* unmanaged<char*, int, int, char*, int, void*, int*, nint>)F(i18n, "utrans_openU");
        _trans = (delegate* unmanaged<nint, char*, int*, int, int, int*, int*, void>)F(i18n, "utrans_transUChars");
        _transClose = (delegate* unmanaged<nint, void>)F(i18n, "utrans_close");
        _brkOpen = (delegate* unmanaged<int, byte*, char*, int, int*, nint>)F(uc, "ubrk_open");
        _brkFirst = (delegate* unmanaged<nint, int>)F(uc, "ubrk_first");
        _brkNext = (delegate* unmanaged<nint, int>)F(uc, "ubrk_next");
        _brkRuleStatus = (delegate* unmanaged<nint, int>)F(uc, "ubrk_getRuleStatus");
        _brkClose = (delegate* unmanaged<nint, void>)F(uc, "ubrk_close");
    }

    private static Icu? TryLoad()
    {
        var requested = Environment.GetEnvironmentVariable("TIDINGS_ICU_VERSION") ?? Environment.GetEnvironmentVariable("DOTNET_ICU_VERSION_OVERRIDE");
        IEnumerable<int> versions = int.TryParse(requested?.Split('.')[0], out int v) ? [v] : Enumerable.Range(50, 51).Reverse();
        foreach (int major in versions)
        {
            if (!TryOpen($"libicuuc.so.{major}", out var uc))
                continue;
            if (!TryOpen($"libicui18n.so.{major}", out var i18n))
                continue;
            foreach (var suffix in new[] { $"_{major}", "" })
            {
                try
                {
                    return new Icu(major, uc, i18n, suffix);
                }
                catch (EntryPointNotFoundException)
                {
                    // try the next naming
                }
            }
        }
        return null;
    }

    private static bool TryOpen(string name, out nint handle) =>
        NativeLibrary.TryLoad(name, out handle) || NativeLibrary.TryLoad(Path.Combine("/usr/lib/x86_64-linux-gnu", name), out handle)
        || NativeLibrary.TryLoad(Path.Combine("/usr/lib/aarch64-linux-gnu", name), out handle) || NativeLibrary.TryLoad(Path.Combine("/usr/lib64", name), out handle);

    /// <summary>Opens a transliterator by ICU id ("Any-Latin; Latin-ASCII"); null when ICU refuses the id.</summary>
    internal IcuTransliterator? OpenTransliterator(string id)
    {
        int status = 0;
        var parseError = stackalloc byte[128];
        nint handle;
        fixed (char* p = id)
            handle = _transOpen(p, id.Length, 0, null, 0, parseError, &status);
        return status > 0 || handle == 0 ? null : new IcuTransliterator(this, handle);
    }

    internal sealed class IcuTransliterator : IDisposable
    {
        private readonly Icu _icu;
        private nint _handle;
        private char[] _buffer = new char[256];

        internal IcuTransliterator(Icu icu, nint handle)
        {
            _icu = icu;
            _handle = handle;
        }

        /// <summary>Transliterates in place in a growing buffer; null when ICU reports an error.</summary>
        internal string? Transliterate(ReadOnlySpan<char> text)
        {
            ObjectDisposedException.ThrowIf(_handle == 0, this);
            int capacity = Math.Max(_buffer.Length, (text.Length * 4) + 16);
            for (int attempt = 0; attempt < 3; attempt++)
            {
                if (_buffer.Length < capacity)
                    _buffer = new char[capacity];
                text.CopyTo(_buffer);
                int length = text.Length, limit = text.Length, status = 0;
                fixed (char* p = _buffer)
                    _icu._trans(_handle, p, &length, _buffer.Length, 0, &limit, &status);
                if (status == 15) // U_BUFFER_OVERFLOW_ERROR
                {
                    capacity = Math.Max(capacity * 2, length + 16);
                    continue;
                }
                return status > 0 ? null : new string(_buffer, 0, length);
            }
            return null;
        }

        public void Dispose()
        {
            if (_handle != 0)
                _icu._transClose(_handle);
            _handle = 0;
        }
    }

    /// <summary>Word boundaries of a text by ICU's dictionary-based word break iterator (Thai, Lao, Khmer, Myanmar,
    /// CJK): the (start, length) of each segment that holds letters (rule status ≥ 100 is a word or ideographic
    /// word, below is spaces and punctuation).</summary>
    internal List<(int Start, int Length)> Words(ReadOnlySpan<char> text, string locale = "th")
    {
        var result = new List<(int, int)>();
        if (text.IsEmpty)
            return result;
        int status = 0;
        var loc = global::System.Text.Encoding.ASCII.GetBytes(locale + "\0");
        fixed (char* p = text)
        fixed (byte* l = loc)
        {
            nint brk = _brkOpen(1, l, p, text.Length, &status); // UBRK_WORD
            if (status > 0 || brk == 0)
                return result;
            try
            {
                int start = _brkFirst(brk);
                for (int end = _brkNext(brk); end != -1; end = _brkNext(brk))
                {
                    if (_brkRuleStatus(brk) >= 100)
                        result.Add((start, end - start));
                    start = end;
                }
            }
            finally
            {
                _brkClose(brk);
            }
        }
        return result;
    }
}
