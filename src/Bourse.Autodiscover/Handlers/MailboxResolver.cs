using System.Runtime.CompilerServices;
using Bourse.Autodiscover.Protocol;
using Bourse.Directory;
using Microsoft.Extensions.Options;

namespace Bourse.Autodiscover.Handlers;

// Resolves the address (or legacy DN) in an Autodiscover request to the caller's own mailbox settings.
internal sealed class MailboxResolver(IDirectory directory, IOptions<AutodiscoverOptions> options)
{
    // The settings are a pure function of the (immutable) directory user, the organisation and the options, so they are
    // kept with the user object the directory's read cache hands out: a directory change brings new objects, hence new
    // settings, and the entry goes when the directory drops the user. Keyed by reference, never by a client's input.
    private readonly ConditionalWeakTable<DirectoryUser, CachedSettings> _settings = new();

    public async ValueTask<MailboxLookup> ResolveAsync(string? email, string? legacyDn, AutodiscoverCaller caller, CancellationToken ct)
    {
        // MS-OXDSCLI 3.2.5: when both EMailAddress and LegacyDN are sent, LegacyDN is the one used.
        var user = legacyDn is not null
            ? await directory.FindUserByLegacyDnAsync(legacyDn, ct)
            : email is not null ? await directory.FindUserByAddressAsync(email, ct) : null;
        if (user is null || !user.Enabled)
            return new MailboxLookup(MailboxLookupKind.NotFound);

        // DESIGN.md: nothing a client sends reads another user's data. Exchange answers for other mailboxes only with
        // delegated access, which Bourse does not model yet, so another user's mailbox is refused like an unknown one.
        if (!IsCaller(user, caller))
            return new MailboxLookup(MailboxLookupKind.NotPermitted);

        // MS-OXDSCLI 3.2.5: an alias (or an address in another accepted domain) redirects to the primary SMTP address.
        if (legacyDn is null && !string.Equals(email, user.PrimarySmtpAddress, StringComparison.OrdinalIgnoreCase))
            return new MailboxLookup(MailboxLookupKind.Redirect, RedirectAddress: user.PrimarySmtpAddress);

        return new MailboxLookup(MailboxLookupKind.Settings, await BuildSettingsAsync(user, ct));
    }

    public async ValueTask<MailboxSettings> BuildSettingsAsync(DirectoryUser user, CancellationToken ct)
    {
        var org = await directory.GetOrganizationAsync(ct);
        if (_settings.TryGetValue(user, out var cached) && ReferenceEquals(cached.Organization, org))
            return cached.Settings;
        var settings = Build(user, org);
        _settings.AddOrUpdate(user, new CachedSettings(org, settings));
        return settings;
    }

    private MailboxSettings Build(DirectoryUser user, OrganizationInfo org)
    {
        var o = options.Value;
        Guid? oabId = o.AdvertiseOfflineAddressBook ? o.OfflineAddressBookId ?? org.DeploymentId : null;
        var mapiMailboxId = $"{user.MailboxId.Value:D}@{user.Domain}";
        return new MailboxSettings(
            DisplayName: user.DisplayName,
            PrimarySmtpAddress: user.PrimarySmtpAddress,
            LegacyDn: user.LegacyExchangeDn,
            MailboxGuid: user.MailboxId.Value,
            DeploymentId: org.DeploymentId,
            OrganizationLegacyDnPrefix: org.LegacyDnPrefix,
            Internal: ServiceUrls.For(o.EffectiveInternalHostName, oabId, mapiMailboxId),
            External: ServiceUrls.For(o.ExternalHostName, oabId, mapiMailboxId),
            ExternalHostName: o.ExternalHostName,
            InternalHostName: o.EffectiveInternalHostName,
            Database: user.Database);
    }

    private sealed record CachedSettings(OrganizationInfo Organization, MailboxSettings Settings);

    private static bool IsCaller(DirectoryUser user, AutodiscoverCaller caller)
    {
        if (caller.Mailbox is { } mailbox)
            return mailbox == user.MailboxId;
        return caller.Email is not null && string.Equals(caller.Email, user.PrimarySmtpAddress, StringComparison.OrdinalIgnoreCase);
    }
}
