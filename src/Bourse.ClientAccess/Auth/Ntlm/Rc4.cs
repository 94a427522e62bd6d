namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>RC4, which MS-NLMP 3.4.5.3 uses to transport the exported session key (KEY_EXCH) and to seal checksums.</summary>
internal sealed class Rc4
{
    private readonly byte[] _s = new byte[256];
    private int _i;
    private int _j;

    public Rc4(ReadOnlySpan<byte> key)
    {
        for (var k = 0; k < 256; k++)
        {
            _s[k] = (byte)k;
        }
        var j = 0;
        for (var k = 0; k < 256; k++)
        {
            j = (j + _s[k] + key[k % key.Length]) & 0xFF;
            (_s[k], _s[j]) = (_s[j], _s[k]);
        }
    }

    public void Transform(ReadOnlySpan<byte> input, Span<byte> output)
    {
        for (var k = 0; k < input.Length; k++)
        {
            _i = (_i + 1) & 0xFF;
            _j = (_j + _s[_i]) & 0xFF;
            (_s[_i], _s[_j]) = (_s[_j], _s[_i]);
            output[k] = (byte)(input[k] ^ _s[(_s[_i] + _s[_j]) & 0xFF]);
        }
    }

    public static byte[] Apply(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var output = new byte[data.Length];
        new Rc4(key).Transform(data, output);
        return output;
    }
}
