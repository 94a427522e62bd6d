using Bourse.Autodiscover.Codec;
using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Handlers;

// MS-OXWSADISC 3.1.4.2 GetUserSettings: per-user settings for the caller's own mailbox.
internal sealed class GetUserSettingsHandler(MailboxResolver resolver)
{
    private const string NoErrorMessage = "No error.";

    public async ValueTask<GetUserSettingsResponse> HandleAsync(GetUserSettingsRequest request, AutodiscoverCaller caller, CancellationToken ct)
    {
        // MS-OXWSADISC 3.1.4.2.2.2: Users and RequestedSettings each hold at least one entry.
        if (request.Users.Count == 0 || request.RequestedSettings.Count == 0)
            return new GetUserSettingsResponse(AutodiscoverErrorCode.InvalidRequest, "The request must name at least one user and one setting.", []);

        var users = new List<UserResponse>(request.Users.Count);
        foreach (var address in request.Users)
            users.Add(await OneUserAsync(address, request.RequestedSettings, caller, ct));
        return new GetUserSettingsResponse(AutodiscoverErrorCode.NoError, string.Empty, users);
    }

    private async ValueTask<UserResponse> OneUserAsync(string address, IReadOnlyList<string> names, AutodiscoverCaller caller, CancellationToken ct)
    {
        var lookup = EmailAddress.IsPlausible(address)
            ? await resolver.ResolveAsync(address, null, caller, ct)
            : new MailboxLookup(MailboxLookupKind.NotFound);
        switch (lookup.Kind)
        {
            case MailboxLookupKind.Redirect:
                // MS-OXWSADISC 2.2.5 ErrorCode RedirectAddress: RedirectTarget holds the address to ask for instead.
                return new UserResponse(AutodiscoverErrorCode.RedirectAddress, "Redirection address.", lookup.RedirectAddress, [], []);
            case MailboxLookupKind.NotFound or MailboxLookupKind.NotPermitted:
                // MS-OXWSADISC 2.2.5 ErrorCode InvalidUser (what exchangelib's probe with a made-up address expects).
                return new UserResponse(AutodiscoverErrorCode.InvalidUser, "Invalid user.", null, [], []);
        }

        var settings = new List<SettingValue>();
        var errors = new List<SettingError>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            var (value, error) = UserSettingCatalog.Get(name, lookup.Settings!);
            if (value is not null)
                settings.Add(value);
            if (error is not null)
                errors.Add(error);
        }

        return new UserResponse(AutodiscoverErrorCode.NoError, NoErrorMessage, null, errors, settings);
    }
}
