using ICSharpCode.SharpZipLib.Zip.Compression;

namespace Tidings.Ingest.Reading;

/// <summary>Decompresses concatenated gzip members one at a time and knows where each starts in the compressed file,
/// so a WARC.gz (one member per record) can be checkpointed and resumed at a record, a corrupt member can be skipped
/// and an oversized one jumped over without inflating it. With <see cref="StopAtMemberEnd"/> off it is a plain
/// multi-member gzip stream. Raw deflate from SharpZipLib's <see cref="Inflater"/>; the header and the 8-byte trailer
/// (CRC32 is not recomputed; the size modulo 2^32 is checked) are read here.</summary>
internal sealed class GzipMembers : ForwardStream
{
    private readonly Stream _input;
    private readonly byte[] _buffer = new byte[1 << 16];
    private readonly Inflater _inflater = new(noHeader: true);
    private int _pos, _len;
    private long _bufferStart; // file offset of _buffer[0]
    private bool _inMember, _eof;
    private long _memberOut;

    public GzipMembers(Stream input, long startOffset)
    {
        _input = input;
        _bufferStart = startOffset;
        MemberStart = startOffset;
    }

    /// <summary>When true, <see cref="Read(byte[], int, int)"/> returns 0 at the end of each member; <see cref="NextMember"/> moves on.</summary>
    public bool StopAtMemberEnd { get; init; }

    /// <summary>Largest compressed size of one member; a larger one throws <see cref="LimitExceededException"/>.</summary>
    public long MaxMemberCompressedBytes { get; init; } = long.MaxValue;

    /// <summary>File offset of the current (or next) member's first header byte.</summary>
    public long MemberStart { get; private set; }

    /// <summary>File offset just past everything consumed so far.</summary>
    public long CompressedPosition => _bufferStart + (_inMember ? _len - _inflater.RemainingInput : _pos);

    /// <summary>True between members (nothing of the next member read yet).</summary>
    public bool AtMemberStart => !_inMember;

    /// <summary>True when the compressed input is used up.</summary>
    public bool AtEnd => !_inMember && _eof && _pos >= _len;

    public override int Read(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (count == 0)
            return 0;
        while (true)
        {
            if (!_inMember)
            {
                if (!StartMember())
                    return 0;
            }
            int n;
            try
            {
                n = _inflater.Inflate(buffer, offset, count);
            }
            catch (ICSharpCode.SharpZipLib.SharpZipBaseException e)
            {
                throw new InvalidDataException($"corrupt gzip member at offset {MemberStart}: {e.Message}", e);
            }
            if (n > 0)
            {
                _memberOut += n;
                CheckCompressedLimit();
                return n;
            }
            if (_inflater.IsFinished)
            {
                FinishMember();
                if (StopAtMemberEnd)
                    return 0;
                continue;
            }
            if (_inflater.IsNeedingInput)
            {
                _pos = _len;
                if (!Fill())
                    throw new InvalidDataException($"truncated gzip member at offset {MemberStart}");
                _inflater.SetInput(_buffer, _pos, _len - _pos);
                CheckCompressedLimit();
                continue;
            }
            if (_inflater.IsNeedingDictionary)
                throw new InvalidDataException($"corrupt gzip member at offset {MemberStart}");
        }
    }

    public override int Read(Span<byte> buffer)
    {
        var array = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            int n = Read(array, 0, buffer.Length);
            array.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void CheckCompressedLimit()
    {
        if (CompressedPosition - MemberStart > MaxMemberCompressedBytes)
            throw new LimitExceededException($"gzip member at offset {MemberStart} is over the compressed limit of {MaxMemberCompressedBytes:N0} bytes");
    }

    /// <summary>After a member ended (or failed), moves to the next one. False at the end of the input.</summary>
    public bool NextMember()
    {
        if (_inMember)
            throw new InvalidOperationException("the current member is not finished");
        return EnsureBytes(1);
    }

    /// <summary>Gives up on the current member (corrupt, or over a limit) and looks for the next gzip header after
    /// its start. Returns false when no further member exists.</summary>
    public bool SkipToNextMember()
    {
        long from = MemberStart + 1;
        _inflater.Reset();
        _inMember = false;
        Seek(from);
        while (true)
        {
            if (!EnsureBytes(3))
                return false;
            int i = _buffer.AsSpan(_pos, _len - _pos).IndexOf((byte)0x1f);
            if (i < 0)
            {
                _pos = _len;
                continue;
            }
            _pos += i;
            if (!EnsureBytes(3))
                return false;
            if (_buffer[_pos + 1] == 0x8b && _buffer[_pos + 2] == 8)
            {
                MemberStart = _bufferStart + _pos;
                return true;
            }
            _pos++;
        }
    }

    private void Seek(long fileOffset)
    {
        if (fileOffset >= _bufferStart && fileOffset <= _bufferStart + _len)
        {
            _pos = (int)(fileOffset - _bufferStart);
            return;
        }
        if (!_input.CanSeek)
            throw new InvalidDataException("cannot skip a corrupt gzip member in a stream that cannot seek");
        _input.Position -= _bufferStart + _len - fileOffset;
        _bufferStart = fileOffset;
        _pos = _len = 0;
        _eof = false;
    }

    private bool StartMember()
    {
        if (!EnsureBytes(1))
            return false;
        MemberStart = _bufferStart + _pos;
        if (!EnsureBytes(10))
            throw new InvalidDataException($"truncated gzip header at offset {MemberStart}");
        if (_buffer[_pos] != 0x1f || _buffer[_pos + 1] != 0x8b || _buffer[_pos + 2] != 8)
        {
            if (MemberStart > 0 && _buffer.AsSpan(_pos, Math.Min(_len - _pos, 512)).IndexOfAnyExcept((byte)0) < 0)
            {
                _pos = _len; // zero padding after the last member (tar-style writers) ends the stream
                _eof = true;
                return false;
            }
            throw new InvalidDataException($"not gzip data at offset {MemberStart}");
        }
        byte flags = _buffer[_pos + 3];
        _pos += 10;
        if ((flags & 4) != 0) // FEXTRA
        {
            if (!EnsureBytes(2))
                throw new InvalidDataException($"truncated gzip header at offset {MemberStart}");
            int xlen = _buffer[_pos] | (_buffer[_pos + 1] << 8);
            _pos += 2;
            SkipBytes(xlen);
        }
        if ((flags & 8) != 0)
            SkipZeroTerminated();
        if ((flags & 16) != 0)
            SkipZeroTerminated();
        if ((flags & 2) != 0)
            SkipBytes(2);
        _inflater.Reset();
        if (_len > _pos)
            _inflater.SetInput(_buffer, _pos, _len - _pos);
        _inMember = true;
        _memberOut = 0;
        return true;
    }

    private void FinishMember()
    {
        _pos = _len - _inflater.RemainingInput;
        _inMember = false;
        if (!EnsureBytes(8))
            throw new InvalidDataException($"truncated gzip member at offset {MemberStart} (no trailer)");
        uint size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_pos + 4, 4));
        _pos += 8;
        if (size != (uint)_memberOut)
            throw new InvalidDataException($"corrupt gzip member at offset {MemberStart} (size in trailer does not match)");
        MemberStart = _bufferStart + _pos;
    }

    private void SkipBytes(int n)
    {
        while (n > 0)
        {
            if (!EnsureBytes(1))
                throw new InvalidDataException($"truncated gzip header at offset {MemberStart}");
            int take = Math.Min(n, _len - _pos);
            _pos += take;
            n -= take;
        }
    }

    private void SkipZeroTerminated()
    {
        while (true)
        {
            if (!EnsureBytes(1))
                throw new InvalidDataException($"truncated gzip header at offset {MemberStart}");
            if (_buffer[_pos++] == 0)
                return;
        }
    }

    /// <summary>Makes at least <paramref name="n"/> unread bytes available in the buffer (n ≤ buffer size).</summary>
    private bool EnsureBytes(int n)
    {
        while (_len - _pos < n)
        {
            if (_eof)
                return false;
            if (_pos > 0)
            {
                Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _len - _pos);
                _bufferStart += _pos;
                _len -= _pos;
                _pos = 0;
            }
            int r = _input.Read(_buffer, _len, _buffer.Length - _len);
            if (r == 0)
                _eof = true;
            _len += r;
        }
        return true;
    }

    /// <summary>Refills an empty buffer. False at end of input.</summary>
    private bool Fill()
    {
        _bufferStart += _len;
        _pos = _len = 0;
        if (_eof)
            return false;
        int r = _input.Read(_buffer, 0, _buffer.Length);
        if (r == 0)
        {
            _eof = true;
            return false;
        }
        _len = r;
        return true;
    }


    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _input.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>An input went over one of the configured limits.</summary>
internal sealed class LimitExceededException(string message) : Exception(message);
