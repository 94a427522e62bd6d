namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>MS-NLMP 2.2.2.1 AV_PAIR identifiers.</summary>
internal enum NtlmAvId : ushort
{
    Eol = 0x0000,
    NbComputerName = 0x0001,
    NbDomainName = 0x0002,
    DnsComputerName = 0x0003,
    DnsDomainName = 0x0004,
    DnsTreeName = 0x0005,
    Flags = 0x0006,
    Timestamp = 0x0007,
    SingleHost = 0x0008,
    TargetName = 0x0009,
    ChannelBindings = 0x000A,
}
