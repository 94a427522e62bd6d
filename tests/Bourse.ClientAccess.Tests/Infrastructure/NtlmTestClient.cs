using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Bourse.ClientAccess.Auth.Ntlm;

namespace Bourse.ClientAccess.Tests.Infrastructure;

/// <summary>
/// A client-side NTLMv2 implementation for tests: it can bind to any channel (or none), include or omit the MIC, and
/// so craft the relay and replay cases real clients never send.
/// </summary>
internal sealed class NtlmTestClient
{
    // The flags a current Windows client sends (MS-NLMP 2.2.2.5).
    public const NtlmNegotiateFlags WindowsFlags = NtlmNegotiateFlags.Unicode | NtlmNegotiateFlags.Oem | NtlmNegotiateFlags.RequestTarget |
        NtlmNegotiateFlags.Sign | NtlmNegotiateFlags.Seal | NtlmNegotiateFlags.Ntlm | NtlmNegotiateFlags.AlwaysSign |
        NtlmNegotiateFlags.ExtendedSessionSecurity | NtlmNegotiateFlags.Version | NtlmNegotiateFlags.Negotiate128 |
        NtlmNegotiateFlags.KeyExchange | NtlmNegotiateFlags.Negotiate56;

    public NtlmNegotiateFlags Flags { get; init; } = WindowsFlags;

    public byte[] NegotiateMessage { get; private set; } = [];

    public byte[] ExportedSessionKey { get; private set; } = [];

    public NtlmNegotiateFlags NegotiatedFlags { get; private set; }

    public byte[] CreateNegotiate()
    {
        var message = new byte[40];
        NtlmWire.Signature.CopyTo(message);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(12), (uint)Flags);
        new NtlmVersion(10, 0, 19041, 15).Write(message.AsSpan(32));
        NegotiateMessage = message;
        return message;
    }

    /// <param name="channelBinding">MsvAvChannelBindings to send (16 bytes), or null for none.</param>
    public byte[] CreateAuthenticate(byte[] challengeBytes, string user, string domain, byte[] ntHash, byte[]? channelBinding, bool includeMic = true)
    {
        if (NtlmChallengeMessage.TryParse(challengeBytes, out var challenge) != NtlmParseError.None || challenge is null)
        {
            throw new InvalidOperationException("bad challenge");
        }
        NegotiatedFlags = challenge.Flags;
        var pairs = challenge.TargetInfo.Where(p => p.Id != NtlmAvId.Eol).ToList();
        var timestamp = NtlmAvPairCodec.Find(pairs, NtlmAvId.Timestamp)?.ToArray() ?? new byte[8];
        if (includeMic)
        {
            pairs.Add(new NtlmAvPair(NtlmAvId.Flags, new byte[] { 2, 0, 0, 0 }));
        }
        if (channelBinding is not null)
        {
            pairs.Add(new NtlmAvPair(NtlmAvId.ChannelBindings, channelBinding));
        }
        pairs.Add(new NtlmAvPair(NtlmAvId.TargetName, Encoding.Unicode.GetBytes("HTTP/mail.bourse.test")));
        var avBytes = NtlmAvPairCodec.Write(pairs);
        var clientChallenge = RandomNumberGenerator.GetBytes(8);
        // MS-NLMP 3.3.2: temp = 0x01 0x01 Z(6) Time ClientChallenge Z(4) ServerName Z(4).
        var temp = new byte[28 + avBytes.Length + 4];
        temp[0] = 1;
        temp[1] = 1;
        timestamp.CopyTo(temp, 8);
        clientChallenge.CopyTo(temp, 16);
        avBytes.CopyTo(temp, 28);

        var responseKey = NtlmCrypto.NtowfV2(ntHash, user, domain);
        var proof = NtlmCrypto.NtProofStr(responseKey, challenge.ServerChallenge, temp);
        var ntResponse = proof.Concat(temp).ToArray();
        var sessionBaseKey = NtlmCrypto.SessionBaseKey(responseKey, proof);
        byte[] encryptedKey = [];
        ExportedSessionKey = sessionBaseKey;
        if ((challenge.Flags & NtlmNegotiateFlags.KeyExchange) != 0)
        {
            ExportedSessionKey = RandomNumberGenerator.GetBytes(16);
            encryptedKey = Rc4.Apply(sessionBaseKey, ExportedSessionKey);
        }
        var message = NtlmAuthenticateMessage.Write(challenge.Flags, new byte[24], ntResponse, domain, user, "WORKSTATION", encryptedKey, new NtlmVersion(10, 0, 19041, 15));
        if (includeMic)
        {
            var mic = NtlmCrypto.Mic(ExportedSessionKey, NegotiateMessage, challengeBytes, message);
            mic.CopyTo(message, NtlmAuthenticateMessage.MicOffset);
        }
        return message;
    }
}
