namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>The server's half of one NTLM handshake, kept with the TCP connection between CHALLENGE and AUTHENTICATE.</summary>
internal sealed record NtlmHandshake(byte[] NegotiateMessage, byte[] ChallengeMessage, byte[] ServerChallenge, NtlmNegotiateFlags Flags, DateTimeOffset IssuedAt);
