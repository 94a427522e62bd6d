using System.Buffers;

namespace Bourse.Server.Import;

/// <summary>Reads a stream line by line as raw bytes (terminator included), so message bytes are kept exactly.</summary>
internal sealed class ByteLineReader(Stream stream) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Offset in the stream of the next line to be returned.</summary>
    public long Position { get; private set; }

    /// <summary>The next line including its '\n' (absent on a last unterminated line); empty at end of stream. Valid until the next call.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadLineAsync(CancellationToken ct)
    {
        var scanFrom = _start;
        while (true)
        {
            var nl = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (nl >= 0)
                return Take(nl + 1);
            if (_eof)
                return _end > _start ? Take(_end) : ReadOnlyMemory<byte>.Empty;
            scanFrom = _end;
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                scanFrom -= _start;
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), ct);
            if (read == 0)
                _eof = true;
            _end += read;
        }
    }

    private ReadOnlyMemory<byte> Take(int endExclusive)
    {
        var line = new ReadOnlyMemory<byte>(_buffer, _start, endExclusive - _start);
        Position += line.Length;
        _start = endExclusive;
        return line;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
