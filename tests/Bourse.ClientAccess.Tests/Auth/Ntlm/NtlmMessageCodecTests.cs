using System.Buffers.Binary;
using System.Text;
using Bourse.ClientAccess.Auth.Ntlm;
using Bourse.ClientAccess.Tests.Infrastructure;

namespace Bourse.ClientAccess.Tests.Auth.Ntlm;

public sealed class NtlmMessageCodecTests
{
    // curl 7.88's NEGOTIATE (no Version, no Unicode request).
    private static readonly byte[] CurlNegotiate = Convert.FromBase64String("TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=");

    private static byte[] ValidAuthenticate()
    {
        var client = new NtlmTestClient();
        var negotiate = client.CreateNegotiate();
        NtlmNegotiateMessage.TryParse(negotiate, out var parsed);
        var challenge = NtlmChallengeFactory.Create(parsed!, new NtlmServerIdentity("BOURSE", "MAIL", "bourse.test", "mail.bourse.test"), DateTimeOffset.UnixEpoch, new byte[8]).Write();
        return client.CreateAuthenticate(challenge, "alice", "BOURSE", Md4.NtHash("pw"), new byte[16]);
    }

    [Fact]
    public void ParsesCurlNegotiate()
    {
        Assert.Equal(NtlmParseError.None, NtlmNegotiateMessage.TryParse(CurlNegotiate, out var message));
        Assert.True((message!.Flags & NtlmNegotiateFlags.Oem) != 0);
        Assert.True((message.Flags & NtlmNegotiateFlags.Unicode) == 0);
        Assert.Null(message.Version);
    }

    [Fact]
    public void ChallengeForOemClientIsOemAndForUnicodeClientIsUnicode()
    {
        var server = new NtlmServerIdentity("BOURSE", "MAIL", "bourse.test", "mail.bourse.test");
        NtlmNegotiateMessage.TryParse(CurlNegotiate, out var oem);
        var c1 = NtlmChallengeFactory.Create(oem!, server, DateTimeOffset.UnixEpoch, new byte[8]);
        Assert.Equal(NtlmNegotiateFlags.Oem, c1.Flags & (NtlmNegotiateFlags.Oem | NtlmNegotiateFlags.Unicode));
        NtlmChallengeMessage.TryParse(c1.Write(), out var parsed1);
        Assert.Equal("BOURSE", parsed1!.TargetName);

        NtlmNegotiateMessage.TryParse(new NtlmTestClient().CreateNegotiate(), out var unicode);
        var c2 = NtlmChallengeFactory.Create(unicode!, server, DateTimeOffset.UnixEpoch, new byte[8]);
        Assert.Equal(NtlmNegotiateFlags.Unicode, c2.Flags & (NtlmNegotiateFlags.Oem | NtlmNegotiateFlags.Unicode));
        Assert.True((c2.Flags & NtlmNegotiateFlags.KeyExchange) != 0);
        Assert.True((c2.Flags & NtlmNegotiateFlags.LmKey) == 0);
    }

    [Fact]
    public void ChallengeTimestampIsFileTime()
    {
        NtlmNegotiateMessage.TryParse(CurlNegotiate, out var negotiate);
        var now = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var challenge = NtlmChallengeFactory.Create(negotiate!, new NtlmServerIdentity("A", "B", "c", "d"), now, new byte[8]);
        var stamp = NtlmAvPairCodec.Find(challenge.TargetInfo, NtlmAvId.Timestamp)!.Value;
        Assert.Equal(now.UtcDateTime.ToFileTimeUtc(), BinaryPrimitives.ReadInt64LittleEndian(stamp.Span));
    }

    [Fact]
    public void AuthenticateRoundTrips()
    {
        var raw = ValidAuthenticate();
        Assert.Equal(NtlmParseError.None, NtlmAuthenticateMessage.TryParse(raw, out var message));
        Assert.Equal("alice", message!.UserName);
        Assert.Equal("BOURSE", message.DomainName);
        Assert.Equal("WORKSTATION", message.Workstation);
        Assert.True(message.HasMicField);
        Assert.Equal(16, message.EncryptedRandomSessionKey.Length);
        Assert.Equal(NtlmAuthError.None, NtlmV2Verifier.Precheck(message, out var response));
        Assert.Equal(2u, response!.AvFlags);
        Assert.Null(response.ChannelBindings);
    }

    [Fact]
    public void EveryTruncatedPrefixIsRejectedAsAValue()
    {
        foreach (var message in new[] { ValidAuthenticate() })
        {
            // Truncation either fails parsing or (for cuts inside trailing payload) a bounds check.
            for (var length = 0; length < message.Length; length++)
            {
                Assert.NotEqual(NtlmParseError.None, NtlmAuthenticateMessage.TryParse(message.AsSpan(0, length), out var parsed));
                Assert.Null(parsed);
            }
        }
        var challenge = new NtlmChallengeMessage(NtlmNegotiateFlags.Unicode | NtlmNegotiateFlags.RequestTarget | NtlmNegotiateFlags.TargetInfo | NtlmNegotiateFlags.Version,
            new byte[8], "BOURSE", [new(NtlmAvId.NbDomainName, Encoding.Unicode.GetBytes("BOURSE"))], NtlmVersion.Server2022).Write();
        for (var length = 0; length < challenge.Length; length++)
        {
            Assert.NotEqual(NtlmParseError.None, NtlmChallengeMessage.TryParse(challenge.AsSpan(0, length), out _));
        }
        var negotiate = new NtlmTestClient().CreateNegotiate();
        for (var length = 0; length < negotiate.Length; length++)
        {
            if (length == 16)
            {
                continue; // MS-NLMP 2.2.1.1: the 16-byte legacy form (no fields) is valid.
            }
            Assert.NotEqual(NtlmParseError.None, NtlmNegotiateMessage.TryParse(negotiate.AsSpan(0, length), out _));
        }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(20)]
    [InlineData(28)]
    [InlineData(36)]
    [InlineData(44)]
    [InlineData(52)]
    public void FieldPointingOutsideTheMessageIsRejected(int descriptor)
    {
        var raw = ValidAuthenticate();
        BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(descriptor), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(descriptor + 4), (uint)raw.Length - 2);
        Assert.Equal(NtlmParseError.FieldOutOfBounds, NtlmAuthenticateMessage.TryParse(raw, out _));
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(descriptor + 4), uint.MaxValue);
        Assert.Equal(NtlmParseError.FieldOutOfBounds, NtlmAuthenticateMessage.TryParse(raw, out _));
    }

    [Fact]
    public void FieldOverlappingTheHeaderIsRejected()
    {
        var raw = ValidAuthenticate();
        BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(36), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(40), 8);
        Assert.Equal(NtlmParseError.FieldOverlapsHeader, NtlmAuthenticateMessage.TryParse(raw, out _));
    }

    [Fact]
    public void OddUnicodeUserNameIsRejected()
    {
        var raw = ValidAuthenticate();
        var length = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(36));
        BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(36), (ushort)(length - 1));
        Assert.Equal(NtlmParseError.OddUnicodeLength, NtlmAuthenticateMessage.TryParse(raw, out _));
    }

    [Fact]
    public void WrongSignatureOrTypeIsRejected()
    {
        var raw = ValidAuthenticate();
        var badType = (byte[])raw.Clone();
        badType[8] = 1;
        Assert.Equal(NtlmParseError.WrongMessageType, NtlmAuthenticateMessage.TryParse(badType, out _));
        var badSignature = (byte[])raw.Clone();
        badSignature[0] = (byte)'X';
        Assert.Equal(NtlmParseError.BadSignature, NtlmAuthenticateMessage.TryParse(badSignature, out _));
        Assert.Equal(NtlmParseError.TooLarge, NtlmAuthenticateMessage.TryParse(new byte[NtlmWire.MaxMessageSize + 1], out _));
    }

    [Fact]
    public void RandomMutationsNeverThrow()
    {
        var random = new Random(4242);
        var seeds = new[] { ValidAuthenticate(), new NtlmTestClient().CreateNegotiate(), CurlNegotiate };
        for (var i = 0; i < 20_000; i++)
        {
            var input = (byte[])seeds[i % seeds.Length].Clone();
            var flips = random.Next(1, 8);
            for (var f = 0; f < flips; f++)
            {
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }
            var cut = input.AsSpan(0, random.Next(input.Length + 1));
            if (NtlmAuthenticateMessage.TryParse(cut, out var auth) == NtlmParseError.None)
            {
                NtlmV2Verifier.Precheck(auth!, out _);
            }
            NtlmNegotiateMessage.TryParse(cut, out _);
            NtlmChallengeMessage.TryParse(cut, out _);
            NtlmV2Response.TryParse(cut.ToArray(), out _);
        }
    }

    [Fact]
    public void AvPairsAreStrict()
    {
        var good = NtlmAvPairCodec.Write([new(NtlmAvId.NbDomainName, Encoding.Unicode.GetBytes("D")), new(NtlmAvId.Flags, new byte[4])]);
        Assert.Equal(NtlmParseError.None, NtlmAvPairCodec.TryParse(good, out var pairs));
        Assert.Equal(2, pairs.Count);
        for (var length = 0; length < good.Length; length++)
        {
            Assert.NotEqual(NtlmParseError.None, NtlmAvPairCodec.TryParse(good.AsMemory(0, length), out _));
        }
        Assert.Equal(NtlmParseError.AvPairMissingEol, NtlmAvPairCodec.TryParse(good.AsMemory(0, good.Length - 4), out _));
        Assert.Equal(NtlmParseError.AvPairBadLength, NtlmAvPairCodec.TryParse(NtlmAvPairCodec.Write([new(NtlmAvId.Flags, new byte[3])]), out _));
        Assert.Equal(NtlmParseError.AvPairBadLength, NtlmAvPairCodec.TryParse(NtlmAvPairCodec.Write([new(NtlmAvId.ChannelBindings, new byte[15])]), out _));
        Assert.Equal(NtlmParseError.OddUnicodeLength, NtlmAvPairCodec.TryParse(NtlmAvPairCodec.Write([new(NtlmAvId.DnsComputerName, new byte[3])]), out _));
        Assert.Equal(NtlmParseError.AvPairDuplicate, NtlmAvPairCodec.TryParse(
            NtlmAvPairCodec.Write([new(NtlmAvId.ChannelBindings, new byte[16]), new(NtlmAvId.ChannelBindings, new byte[16])]), out _));
        Assert.Equal(NtlmParseError.AvPairBadLength, NtlmAvPairCodec.TryParse(new byte[] { 0, 0, 1, 0, 0 }, out _));
    }

    [Fact]
    public void NtlmV2ResponseChecksVersionAndLength()
    {
        Assert.Equal(NtlmParseError.ResponseTooShort, NtlmV2Response.TryParse(new byte[43], out _));
        var blob = new byte[16 + 28 + 4];
        blob[16] = 2;
        blob[17] = 1;
        Assert.Equal(NtlmParseError.BadResponseVersion, NtlmV2Response.TryParse(blob, out _));
        blob[16] = 1;
        Assert.Equal(NtlmParseError.None, NtlmV2Response.TryParse(blob, out var response));
        Assert.Empty(response!.AvPairs);
    }
}
