using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Handlers;

// Answers a POX Autodiscover request (Outlook or mobilesync provider) for the authenticated caller.
internal sealed class PoxHandler(MailboxResolver resolver, TimeProvider time)
{
    // MS-OXDSCLI 2.2.4.1.1.2.6: the mapiHttp Version is at most what the client announced; we implement version 1.
    private const int SupportedMapiHttpVersion = 1;

    public async ValueTask<PoxResponse> HandleAsync(PoxRequest request, AutodiscoverCaller caller, int mapiHttpCapability, CancellationToken ct)
    {
        var lookup = await resolver.ResolveAsync(request.EmailAddress, request.LegacyDn, caller, ct);
        return lookup.Kind switch
        {
            MailboxLookupKind.Settings => new PoxSettingsResponse(
                request.Provider,
                lookup.Settings!,
                request.Provider == PoxProvider.Outlook ? Math.Min(Math.Max(mapiHttpCapability, 0), SupportedMapiHttpVersion) : 0),
            MailboxLookupKind.Redirect => new PoxRedirectResponse(request.Provider, lookup.RedirectAddress!),
            // MS-OXDSCLI 2.2.4.1.1.3.2: 500, the address cannot be found (also for other users' mailboxes, see MailboxResolver).
            _ => Error(request.Provider, PoxErrorCode.EmailAddressNotFound),
        };
    }

    public PoxErrorResponse Error(PoxProvider? schema, PoxErrorCode code) =>
        new(schema, code, PoxErrorResponse.DefaultMessage(code), time.GetUtcNow(), Random.Shared.Next(1, int.MaxValue));
}
