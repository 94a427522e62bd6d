namespace Bourse.Autodiscover.Protocol;

// Everything Autodiscover tells a client about one mailbox, in every dialect: who it is and where its services are.
internal sealed record MailboxSettings(
    string DisplayName,
    string PrimarySmtpAddress,
    string LegacyDn,
    Guid MailboxGuid,
    Guid DeploymentId,
    string OrganizationLegacyDnPrefix,
    ServiceUrls Internal,
    ServiceUrls External,
    string ExternalHostName,
    string InternalHostName,
    string Database)
{
    public string Domain => PrimarySmtpAddress[(PrimarySmtpAddress.IndexOf('@') + 1)..];

    // MS-OXDSCLI 2.2.4.1.1.2.6 (Protocol/Server): since Exchange 2013 the EXCH Server is "<mailbox guid>@<primary domain>".
    public string MailboxServer => $"{MailboxGuid:D}@{Domain}";

    public string ServerDn => $"{OrganizationLegacyDnPrefix}/cn=Configuration/cn=Servers/cn={MailboxServer}";

    public string MdbDn => $"{ServerDn}/cn=Microsoft Private MDB";
}
