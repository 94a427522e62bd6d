namespace Bourse.Autodiscover.Protocol;

// The URLs of every Bourse service on one host name (internal or external).
internal sealed record ServiceUrls(
    string Ews,
    string ActiveSync,
    string Owa,
    string Ecp,
    string? Oab,
    string MapiMailStore,
    string MapiAddressBook,
    string AutodiscoverXml,
    string AutodiscoverSvc)
{
    public static ServiceUrls For(string host, Guid? oabId, string? mapiMailboxId)
    {
        var root = $"https://{host}";
        var mailboxQuery = mapiMailboxId is null ? string.Empty : $"?MailboxId={mapiMailboxId}";
        return new ServiceUrls(
            Ews: $"{root}/EWS/Exchange.asmx",
            ActiveSync: $"{root}/Microsoft-Server-ActiveSync",
            Owa: $"{root}/owa/",
            Ecp: $"{root}/ecp/",
            Oab: oabId is { } oab ? $"{root}/OAB/{oab:D}/" : null,
            // MS-OXCMAPIHTTP 2.2.1: the mailbox is named by "?MailboxId=<mailbox guid>@<domain>".
            MapiMailStore: $"{root}/mapi/emsmdb/{mailboxQuery}",
            MapiAddressBook: $"{root}/mapi/nspi/{mailboxQuery}",
            AutodiscoverXml: $"{root}/autodiscover/autodiscover.xml",
            AutodiscoverSvc: $"{root}/autodiscover/autodiscover.svc");
    }
}
