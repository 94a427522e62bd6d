using System.Text;
using Bourse.Directory.Ntlm;

namespace Bourse.Directory.Tests.Ntlm;

public sealed class Md4Tests
{
    // RFC 1320 appendix A.5 test suite.
    [Theory]
    [InlineData("", "31d6cfe0d16ae931b73c59d7e0c089c0")]
    [InlineData("a", "bde52cb31de33e46245e05fbdbd6fb24")]
    [InlineData("abc", "a448017aaf21d8525fc10ae87aa6729d")]
    [InlineData("message digest", "d9130a8164549fe818874806e1c7014b")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "043f8582f241db351ce627e153e7f0e4")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "e33b4ddc9c38f2199c3e7b164fcc0536")]
    public void HashDataMatchesRfc1320TestSuite(string message, string expectedHex)
    {
        var hash = Md4.HashData(Encoding.ASCII.GetBytes(message));

        Assert.Equal(expectedHex, Convert.ToHexStringLower(hash));
    }

    // Lengths around the 55/56/64-byte padding boundaries, n times 'a'; cross-checked with OpenSSL's legacy MD4.
    [Theory]
    [InlineData(55, "c889c81dd86c4d2e025778944ea02881")]
    [InlineData(56, "d5f9a9e9257077a5f08b0b92f348b0ad")]
    [InlineData(63, "7ea3da77432d44c323671097d1348fc8")]
    [InlineData(64, "52f5076fabd22680234a3fa9f9dc5732")]
    [InlineData(65, "330e377bf231f3cacfecc2c182fe7e5b")]
    [InlineData(119, "e65dd227ccef97fa1d34d70189120f76")]
    [InlineData(120, "b03ddbd470b47c013e0c7ab2ddd763db")]
    [InlineData(128, "cb4a20a561558e29460190c91dced59f")]
    [InlineData(1000, "5f1bf26a8067c9159b91f1440f7c9e8a")]
    public void HashDataPadsCorrectlyAtBlockBoundaries(int length, string expectedHex)
    {
        var data = Enumerable.Repeat((byte)'a', length).ToArray();

        Assert.Equal(expectedHex, Convert.ToHexStringLower(Md4.HashData(data)));
    }

    [Fact]
    public void HashDataWritesIntoACallerBuffer()
    {
        Span<byte> destination = stackalloc byte[20];
        destination.Fill(0xAA);

        Md4.HashData("abc"u8, destination);

        Assert.Equal("a448017aaf21d8525fc10ae87aa6729d", Convert.ToHexStringLower(destination[..16]));
        Assert.Equal(0xAA, destination[16]);
    }

    [Fact]
    public void HashDataRejectsAShortDestination()
    {
        var destination = new byte[15];

        Assert.Throws<ArgumentException>(() => Md4.HashData("abc"u8, destination));
    }

    [Theory]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(119)]
    [InlineData(120)]
    [InlineData(128)]
    public void HashDataIsDeterministicAndSensitiveToTheLastByteAroundBlockBoundaries(int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        var first = Md4.HashData(data);
        var again = Md4.HashData(data.ToArray());
        data[^1] ^= 1;
        var flipped = Md4.HashData(data);
        var shorter = Md4.HashData(data.AsSpan(0, length - 1));

        Assert.Equal(first, again);
        Assert.NotEqual(first, flipped);
        Assert.NotEqual(first, shorter);
    }

    [Fact]
    public void HashDataOfASliceMatchesTheRfcEightyByteVector()
    {
        // The 80-byte RFC vector spans two compression blocks plus padding; hash it as a slice of a larger buffer.
        var text = Encoding.ASCII.GetBytes("xx12345678901234567890123456789012345678901234567890123456789012345678901234567890yy");

        var hash = Md4.HashData(text.AsSpan(2, 80));

        Assert.Equal("e33b4ddc9c38f2199c3e7b164fcc0536", Convert.ToHexStringLower(hash));
    }
}
