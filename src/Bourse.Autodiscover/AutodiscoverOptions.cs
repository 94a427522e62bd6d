namespace Bourse.Autodiscover;

/// <summary>
/// Autodiscover configuration, bound from the <c>Bourse:Autodiscover</c> configuration section.
/// </summary>
public sealed class AutodiscoverOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Bourse:Autodiscover";

    /// <summary>
    /// The host name clients use from the Internet, e.g. <c>mail.contoso.com</c>. Every advertised URL is derived from it:
    /// <c>https://HOST/EWS/Exchange.asmx</c>, <c>/mapi/emsmdb/?MailboxId=…</c>, <c>/mapi/nspi/?MailboxId=…</c>,
    /// <c>/Microsoft-Server-ActiveSync</c>, <c>/owa/</c>, <c>/ecp/</c>, <c>/OAB/{id}/</c>.
    /// </summary>
    public string ExternalHostName { get; set; } = "";

    /// <summary>The host name used inside the network (the EXCH section, Internal* settings); defaults to <see cref="ExternalHostName"/>.</summary>
    public string? InternalHostName { get; set; }

    /// <summary>
    /// Answer the Autodiscover HTTP redirect method on plain HTTP: <c>GET http://autodiscover.DOMAIN/autodiscover/autodiscover.xml</c>
    /// gets a 302 to <c>https://autodiscover.DOMAIN/autodiscover/autodiscover.xml</c> when DOMAIN is an accepted domain.
    /// Off by default; the host must also listen on plain HTTP for it.
    /// </summary>
    public bool HttpRedirect { get; set; }

    /// <summary>
    /// Advertise the offline address book (POX <c>OABUrl</c>, SOAP <c>InternalOABUrl</c>/<c>ExternalOABUrl</c>). On by
    /// default; a host that does not serve <c>/OAB</c> yet turns it off so clients are not sent to a URL that fails.
    /// </summary>
    public bool AdvertiseOfflineAddressBook { get; set; } = true;

    /// <summary>The offline address book's id in <c>/OAB/{id}/</c>; the organisation's DeploymentId when not set.</summary>
    public Guid? OfflineAddressBookId { get; set; }

    internal string EffectiveInternalHostName => string.IsNullOrWhiteSpace(InternalHostName) ? ExternalHostName : InternalHostName;
}
