namespace Bourse.Autodiscover.Protocol;

// The Exchange version Bourse announces to clients: 15.1.2507.39, an Exchange Server 2016 CU23 build.
// Why 2016 and not 2019 (15.2) or Exchange Online (15.20): Exchange 2016 maps to the EWS schema version "Exchange2016",
// the newest name every EWS client and the EWS schema itself know (there is no "Exchange2019" RequestServerVersion;
// exchangelib would derive one from 15.2). 15.20 makes Outlook and other clients treat the server as Office 365
// (modern authentication, cloud-only features). All three are MAPI/HTTP capable, so nothing is lost.
internal static class ExchangeVersion
{
    public const int Major = 15;
    public const int Minor = 1;
    public const int Build = 2507;
    public const int Revision = 39;

    // The EWS schema version that matches (ServerVersionInfo/Version, EwsSupportedSchemas' newest).
    public const string EwsSchema = "Exchange2016";

    // MS-OXWSADISC 3.1.4.2 (GetUserSettings) EwsSupportedSchemas: every EWS schema version the server accepts, comma separated.
    public const string EwsSupportedSchemas =
        "Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, Exchange2010_SP2, Exchange2013, Exchange2013_SP1, Exchange2016";

    // MS-OXWSADISC ExchangeVersion (Autodiscover messages.xsd): its values end at Exchange2013_SP1, so that is what ServerVersionInfo says.
    public const string AutodiscoverSchema = "Exchange2013_SP1";

    // CasVersion / ExternalEwsVersion text, zero-padded the way Exchange writes it: "15.01.2507.039".
    public static string Text => $"{Major:D2}.{Minor:D2}.{Build:D4}.{Revision:D3}";

    // MS-OXDSCLI 2.2.4.1.1.2.6 (Protocol/ServerVersion): a 32-bit hex number — 4 bits of structure version (0111), 6 bits major,
    // 6 bits minor, 1 flag bit (set), 15 bits of build.
    public static string PoxServerVersion => ((7u << 28) | ((uint)Major << 22) | ((uint)Minor << 16) | (1u << 15) | (uint)Build).ToString("X8");
}
