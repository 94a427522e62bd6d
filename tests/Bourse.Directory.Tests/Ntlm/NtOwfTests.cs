using Bourse.Directory.Ntlm;

namespace Bourse.Directory.Tests.Ntlm;

public sealed class NtOwfTests
{
    [Theory]
    // MS-NLMP 3.3.1 NTOWFv1: MD4(UNICODE(password)); the well-known NT hashes.
    [InlineData("password", "8846F7EAEE8FB117AD06BDD830B7586C")]
    [InlineData("", "31D6CFE0D16AE931B73C59D7E0C089C0")]
    public void ComputeReturnsTheKnownNtHash(string password, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexString(NtOwf.Compute(password)));
    }

    [Fact]
    public void ComputeIsCaseSensitiveUnlikeTheLmHash()
    {
        Assert.NotEqual(NtOwf.Compute("password"), NtOwf.Compute("PASSWORD"));
    }

    [Fact]
    public void ComputeHashesUtf16LittleEndianSoNonAsciiPasswordsDiffer()
    {
        var nt = NtOwf.Compute("pässwörd");

        Assert.Equal(16, nt.Length);
        Assert.Equal(Md4.HashData(System.Text.Encoding.Unicode.GetBytes("pässwörd")), nt);
        Assert.NotEqual(NtOwf.Compute("passwrd"), nt);
    }
}
