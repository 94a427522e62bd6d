namespace Bourse.ClientAccess.Auth.Spnego;

/// <summary>A minimal, strict DER TLV reader (X.690 8.1) for the SPNEGO tokens: single-byte tags, definite lengths.</summary>
internal ref struct DerReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public DerReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool HasMore => _position < _data.Length;

    public readonly int Position => _position;

    public readonly bool TryPeekTag(out byte tag)
    {
        tag = HasMore ? _data[_position] : (byte)0;
        return HasMore;
    }

    /// <summary>Reads one TLV. False (nothing consumed) when it is truncated or uses a form DER forbids.</summary>
    public bool TryRead(out byte tag, out ReadOnlySpan<byte> content)
    {
        tag = 0;
        content = default;
        var pos = _position;
        if (_data.Length - pos < 2)
        {
            return false;
        }
        tag = _data[pos++];
        // X.690 8.1.2.4: tag numbers >= 31 use the multi-byte form, which no SPNEGO token needs.
        if ((tag & 0x1F) == 0x1F)
        {
            return false;
        }
        int length = _data[pos++];
        if (length >= 0x80)
        {
            // X.690 10.1: DER uses the definite form; 0x80 (indefinite) and lengths over 3 bytes are refused.
            var count = length & 0x7F;
            if (count == 0 || count > 3 || _data.Length - pos < count)
            {
                return false;
            }
            length = 0;
            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | _data[pos++];
            }
        }
        if (_data.Length - pos < length)
        {
            return false;
        }
        content = _data.Slice(pos, length);
        _position = pos + length;
        return true;
    }

    /// <summary>Reads one TLV and requires the given tag.</summary>
    public bool TryRead(byte expectedTag, out ReadOnlySpan<byte> content)
    {
        var saved = _position;
        if (TryRead(out var tag, out content) && tag == expectedTag)
        {
            return true;
        }
        _position = saved;
        content = default;
        return false;
    }
}
