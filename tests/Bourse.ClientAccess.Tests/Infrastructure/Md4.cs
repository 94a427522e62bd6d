using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Bourse.ClientAccess.Tests.Infrastructure;

/// <summary>RFC 1320 MD4, test-side, to compute NT hashes (MS-NLMP 3.3.1 NTOWFv1) for the fake directory.</summary>
internal static class Md4
{
    public static byte[] NtHash(string password) => Hash(Encoding.Unicode.GetBytes(password));

    public static byte[] Hash(ReadOnlySpan<byte> input)
    {
        uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
        var padded = new byte[((input.Length + 8) / 64 + 1) * 64];
        input.CopyTo(padded);
        padded[input.Length] = 0x80;
        BinaryPrimitives.WriteInt64LittleEndian(padded.AsSpan(padded.Length - 8), input.Length * 8L);
        var x = new uint[16];
        for (var block = 0; block < padded.Length; block += 64)
        {
            for (var i = 0; i < 16; i++)
            {
                x[i] = BinaryPrimitives.ReadUInt32LittleEndian(padded.AsSpan(block + i * 4));
            }
            uint aa = a, bb = b, cc = c, dd = d;
            int[] s1 = [3, 7, 11, 19];
            for (var i = 0; i < 16; i++)
            {
                var f = (b & c) | (~b & d);
                var t = BitOperations.RotateLeft(a + f + x[i], s1[i % 4]);
                (a, b, c, d) = (d, t, b, c);
            }
            int[] k2 = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
            int[] s2 = [3, 5, 9, 13];
            for (var i = 0; i < 16; i++)
            {
                var g = (b & c) | (b & d) | (c & d);
                var t = BitOperations.RotateLeft(a + g + x[k2[i]] + 0x5A827999, s2[i % 4]);
                (a, b, c, d) = (d, t, b, c);
            }
            int[] k3 = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
            int[] s3 = [3, 9, 11, 15];
            for (var i = 0; i < 16; i++)
            {
                var h = b ^ c ^ d;
                var t = BitOperations.RotateLeft(a + h + x[k3[i]] + 0x6ED9EBA1, s3[i % 4]);
                (a, b, c, d) = (d, t, b, c);
            }
            a += aa;
            b += bb;
            c += cc;
            d += dd;
        }
        var result = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(result, a);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), b);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), c);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(12), d);
        return result;
    }
}
