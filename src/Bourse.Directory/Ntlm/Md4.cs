using System.Buffers.Binary;
using System.Numerics;

namespace Bourse.Directory.Ntlm;

/// <summary>
/// MD4 message digest (RFC 1320). Broken as a general-purpose hash and used here ONLY because NTLM's NT one-way
/// function is defined on it (MS-NLMP 3.3.1); .NET ships no MD4.
/// </summary>
internal static class Md4
{
    public const int HashSizeInBytes = 16;

    private const int BlockSize = 64;

    public static byte[] HashData(ReadOnlySpan<byte> source)
    {
        var hash = new byte[HashSizeInBytes];
        HashData(source, hash);
        return hash;
    }

    public static void HashData(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < HashSizeInBytes)
            throw new ArgumentException("The destination is shorter than an MD4 hash.", nameof(destination));

        // RFC 1320 3.3: initial state.
        Span<uint> state = [0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u];

        var whole = source.Length / BlockSize * BlockSize;
        for (var offset = 0; offset < whole; offset += BlockSize)
            Compress(state, source.Slice(offset, BlockSize));

        // RFC 1320 3.1-3.2: one 0x80 byte, zeros up to 56 mod 64, then the bit length as 64-bit little-endian.
        Span<byte> tail = stackalloc byte[BlockSize * 2];
        tail.Clear();
        var rest = source[whole..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        var tailLength = rest.Length + 1 + 8 <= BlockSize ? BlockSize : BlockSize * 2;
        BinaryPrimitives.WriteUInt64LittleEndian(tail.Slice(tailLength - 8, 8), (ulong)source.Length * 8);
        for (var offset = 0; offset < tailLength; offset += BlockSize)
            Compress(state, tail.Slice(offset, BlockSize));

        // RFC 1320 3.5: output A, B, C, D, low-order byte first.
        for (var i = 0; i < 4; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(i * 4, 4), state[i]);
    }

    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        Span<uint> x = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
            x[i] = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(i * 4, 4));

        uint a = state[0], b = state[1], c = state[2], d = state[3];

        // RFC 1320 3.4 round 1: [abcd k s] a = (a + F(b,c,d) + X[k]) <<< s.
        for (var i = 0; i < 16; i += 4)
        {
            a = BitOperations.RotateLeft(a + F(b, c, d) + x[i], 3);
            d = BitOperations.RotateLeft(d + F(a, b, c) + x[i + 1], 7);
            c = BitOperations.RotateLeft(c + F(d, a, b) + x[i + 2], 11);
            b = BitOperations.RotateLeft(b + F(c, d, a) + x[i + 3], 19);
        }

        // Round 2: a = (a + G(b,c,d) + X[k] + 5A827999) <<< s, words taken column-wise (0,4,8,12, 1,5,9,13, ...).
        const uint k2 = 0x5A827999u;
        for (var i = 0; i < 4; i++)
        {
            a = BitOperations.RotateLeft(a + G(b, c, d) + x[i] + k2, 3);
            d = BitOperations.RotateLeft(d + G(a, b, c) + x[i + 4] + k2, 5);
            c = BitOperations.RotateLeft(c + G(d, a, b) + x[i + 8] + k2, 9);
            b = BitOperations.RotateLeft(b + G(c, d, a) + x[i + 12] + k2, 13);
        }

        // Round 3: a = (a + H(b,c,d) + X[k] + 6ED9EBA1) <<< s, words in bit-reversed order (0,8,4,12, 2,10,6,14, ...).
        const uint k3 = 0x6ED9EBA1u;
        ReadOnlySpan<int> round3 = [0, 2, 1, 3];
        foreach (var i in round3)
        {
            a = BitOperations.RotateLeft(a + H(b, c, d) + x[i] + k3, 3);
            d = BitOperations.RotateLeft(d + H(a, b, c) + x[i + 8] + k3, 9);
            c = BitOperations.RotateLeft(c + H(d, a, b) + x[i + 4] + k3, 11);
            b = BitOperations.RotateLeft(b + H(c, d, a) + x[i + 12] + k3, 15);
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        x.Clear();
    }

    private static uint F(uint x, uint y, uint z) => (x & y) | (~x & z);

    private static uint G(uint x, uint y, uint z) => (x & y) | (x & z) | (y & z);

    private static uint H(uint x, uint y, uint z) => x ^ y ^ z;
}
