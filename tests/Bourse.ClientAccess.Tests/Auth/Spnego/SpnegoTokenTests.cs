using Bourse.ClientAccess.Auth.Spnego;

namespace Bourse.ClientAccess.Tests.Auth.Spnego;

public sealed class SpnegoTokenTests
{
    private static readonly byte[] NtlmNegotiate = Convert.FromBase64String("TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=");

    [Fact]
    public void ParsesNegTokenInitWithNtlmFirst()
    {
        var token = SpnegoToken.WriteNegTokenInit([SpnegoOids.Ntlm.ToArray()], NtlmNegotiate);
        Assert.Equal(0x60, token[0]);
        Assert.Equal(SpnegoParseError.None, SpnegoToken.TryParse(token, out var parsed));
        Assert.True(parsed!.IsInit);
        Assert.True(parsed.NtlmIsPreferred);
        Assert.Equal(NtlmNegotiate, parsed.MechToken);
        Assert.Equal(0x30, parsed.MechTypesDer![0]);
    }

    [Fact]
    public void KerberosFirstIsRecognisedAsNotPreferred()
    {
        var token = SpnegoToken.WriteNegTokenInit([SpnegoOids.Kerberos.ToArray(), SpnegoOids.Ntlm.ToArray()], new byte[] { 1, 2, 3 });
        Assert.Equal(SpnegoParseError.None, SpnegoToken.TryParse(token, out var parsed));
        Assert.True(parsed!.OffersNtlm);
        Assert.False(parsed.NtlmIsPreferred);
        var kerberosOnly = SpnegoToken.WriteNegTokenInit([SpnegoOids.Kerberos.ToArray()], new byte[] { 1 });
        SpnegoToken.TryParse(kerberosOnly, out var k);
        Assert.False(k!.OffersNtlm);
    }

    [Fact]
    public void NegTokenRespRoundTripsAndMatchesKnownBytes()
    {
        var resp = SpnegoToken.WriteNegTokenResp(SpnegoNegState.AcceptCompleted, false, [], []);
        // RFC 4178 4.2.2: a1 07 30 05 a0 03 0a 01 00 is the canonical accept-completed token.
        Assert.Equal("a1073005a0030a0100", Convert.ToHexStringLower(resp));
        var withToken = SpnegoToken.WriteNegTokenResp(SpnegoNegState.AcceptIncomplete, true, new byte[300], new byte[16]);
        Assert.Equal(SpnegoParseError.None, SpnegoToken.TryParse(withToken, out var parsed));
        Assert.False(parsed!.IsInit);
        Assert.Equal(SpnegoNegState.AcceptIncomplete, parsed.NegState);
        Assert.Equal(300, parsed.MechToken!.Length);
        Assert.Equal(16, parsed.MechListMic!.Length);
    }

    [Fact]
    public void EveryTruncatedPrefixIsRejected()
    {
        foreach (var token in new[]
        {
            SpnegoToken.WriteNegTokenInit([SpnegoOids.Ntlm.ToArray()], NtlmNegotiate),
            SpnegoToken.WriteNegTokenResp(SpnegoNegState.AcceptIncomplete, true, new byte[200], new byte[16]),
        })
        {
            for (var length = 0; length < token.Length; length++)
            {
                Assert.NotEqual(SpnegoParseError.None, SpnegoToken.TryParse(token.AsSpan(0, length), out var parsed));
                Assert.Null(parsed);
            }
            Assert.Equal(SpnegoParseError.TrailingData, SpnegoToken.TryParse([.. token, 0], out _));
        }
    }

    [Theory]
    [InlineData("6080")]
    [InlineData("60850000000001")]
    [InlineData("7f0100")]
    [InlineData("a0020500")]
    [InlineData("600a06062b0601050502a000")]
    [InlineData("6008060629060105050200")]
    public void MalformedTokensAreRejected(string hex) =>
        Assert.NotEqual(SpnegoParseError.None, SpnegoToken.TryParse(Convert.FromHexString(hex), out _));

    [Fact]
    public void RandomMutationsNeverThrow()
    {
        var random = new Random(7);
        var seeds = new[]
        {
            SpnegoToken.WriteNegTokenInit([SpnegoOids.Kerberos.ToArray(), SpnegoOids.Ntlm.ToArray()], NtlmNegotiate),
            SpnegoToken.WriteNegTokenResp(SpnegoNegState.AcceptIncomplete, true, NtlmNegotiate, new byte[16]),
        };
        for (var i = 0; i < 20_000; i++)
        {
            var input = (byte[])seeds[i % 2].Clone();
            for (var f = random.Next(1, 6); f > 0; f--)
            {
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }
            SpnegoToken.TryParse(input.AsSpan(0, random.Next(input.Length + 1)), out _);
        }
    }
}
