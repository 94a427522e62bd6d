using System.Buffers.Binary;
using System.Text;

namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>Answers a NEGOTIATE_MESSAGE with a CHALLENGE_MESSAGE (MS-NLMP 3.2.5.1.1).</summary>
internal static class NtlmChallengeFactory
{
    // Flags we agree to when the client asks for them (MS-NLMP 3.2.5.1.1: the server echoes the supported subset).
    private const NtlmNegotiateFlags Echoed = NtlmNegotiateFlags.Sign | NtlmNegotiateFlags.Seal | NtlmNegotiateFlags.AlwaysSign |
        NtlmNegotiateFlags.ExtendedSessionSecurity | NtlmNegotiateFlags.Negotiate128 | NtlmNegotiateFlags.Negotiate56 |
        NtlmNegotiateFlags.KeyExchange | NtlmNegotiateFlags.Identify | NtlmNegotiateFlags.Version;

    public static NtlmChallengeMessage Create(NtlmNegotiateMessage negotiate, NtlmServerIdentity server, DateTimeOffset now, ReadOnlySpan<byte> serverChallenge)
    {
        var flags = (negotiate.Flags & Echoed) | NtlmNegotiateFlags.Ntlm | NtlmNegotiateFlags.TargetInfo;
        // MS-NLMP 3.2.5.1.1: UNICODE when the client supports it, else OEM.
        flags |= (negotiate.Flags & NtlmNegotiateFlags.Unicode) != 0 ? NtlmNegotiateFlags.Unicode : NtlmNegotiateFlags.Oem;
        if ((negotiate.Flags & NtlmNegotiateFlags.RequestTarget) != 0)
        {
            // MS-NLMP 2.2.1.2: TargetName is the server's domain when TARGET_TYPE_DOMAIN is set.
            flags |= NtlmNegotiateFlags.RequestTarget | NtlmNegotiateFlags.TargetTypeDomain;
        }
        // MS-NLMP 2.2.2.5: EXTENDED_SESSIONSECURITY takes precedence over LM_KEY, which we never grant.
        var timestamp = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(timestamp, now.UtcDateTime.ToFileTimeUtc());
        // MS-NLMP 3.2.5.1.1: target info carries the NetBIOS and DNS names and, for NTLMv2, MsvAvTimestamp.
        IReadOnlyList<NtlmAvPair> info =
        [
            new(NtlmAvId.NbDomainName, Encoding.Unicode.GetBytes(server.NetBiosDomainName)),
            new(NtlmAvId.NbComputerName, Encoding.Unicode.GetBytes(server.NetBiosComputerName)),
            new(NtlmAvId.DnsDomainName, Encoding.Unicode.GetBytes(server.DnsDomainName)),
            new(NtlmAvId.DnsComputerName, Encoding.Unicode.GetBytes(server.DnsComputerName)),
            new(NtlmAvId.Timestamp, timestamp),
        ];
        return new NtlmChallengeMessage(flags, serverChallenge.ToArray(), server.NetBiosDomainName, info, NtlmVersion.Server2022);
    }
}
