namespace Bourse.ClientAccess.Auth.Spnego;

/// <summary>DER-encoded object identifiers (tag, length and value) used in SPNEGO.</summary>
internal static class SpnegoOids
{
    // RFC 4178 4.1: SPNEGO is 1.3.6.1.5.5.2.
    public static ReadOnlySpan<byte> Spnego => [0x06, 0x06, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x02];

    // MS-NLMP 1.9 / MS-SPNG: NTLMSSP is 1.3.6.1.4.1.311.2.2.10.
    public static ReadOnlySpan<byte> Ntlm => [0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0A];

    // RFC 4121 / MS-KILE: Kerberos 1.2.840.113554.1.2.2 and the legacy Microsoft one 1.2.840.48018.1.2.2 (never selected).
    public static ReadOnlySpan<byte> Kerberos => [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02];
}
