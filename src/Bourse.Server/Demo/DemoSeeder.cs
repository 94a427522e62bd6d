using System.Security.Cryptography;
using System.Text.Json;
using Bourse.Directory;
using Bourse.Mailbox;
using Bourse.Server.Cli;
using Bourse.Server.Data;

namespace Bourse.Server.Demo;

/// <summary>
/// <c>serve --demo</c>: creates, once, a demo organisation on the domain (Alice, Bob, Carol with random passwords, a room,
/// a group) and delivers sample mail through the normal delivery path. The marker {data}/demo.json (readable by the owner
/// only) records it and the passwords as created, so later starts print the same logins and create nothing.
/// </summary>
internal static class DemoSeeder
{
    public const string MarkerFileName = "demo.json";

    public static async Task<(IReadOnlyList<DemoLogin>? Logins, CliFailure? Failure)> EnsureAsync(BourseData data, string domain, ILogger log, CancellationToken ct)
    {
        var markerPath = Path.Combine(data.DataDirectory, MarkerFileName);
        if (File.Exists(markerPath))
        {
            try
            {
                var marker = JsonSerializer.Deserialize(await File.ReadAllTextAsync(markerPath, ct), DemoJsonContext.Default.DemoMarker);
                if (marker is not null)
                {
                    if (!marker.Domain.Equals(domain, StringComparison.OrdinalIgnoreCase))
                        log.LogWarning("The demo organisation was created on {DemoDomain}, not {Domain}; it is not created again.", marker.Domain, domain);
                    return (marker.Logins, null);
                }
            }
            catch (JsonException)
            {
            }
            return (null, new CliFailure($"the demo marker {markerPath} is unreadable; delete it to create the demo again."));
        }

        var mail = new DemoMail(domain, data.Time.GetUtcNow());
        var people = new (string Address, string Name, RecipientKind Kind)[]
        {
            (mail.Alice, "Alice Martin", RecipientKind.User),
            (mail.Bob, "Bob Nguyen", RecipientKind.User),
            (mail.Carol, "Carol Diaz", RecipientKind.User),
            (mail.Room, "Boardroom", RecipientKind.Room),
        };
        var logins = new List<DemoLogin>();
        foreach (var (address, name, kind) in people)
        {
            var password = kind == RecipientKind.User ? NewPassword() : null;
            var existing = await data.Directory.FindUserByAddressAsync(address, ct);
            if (existing is null)
            {
                var (user, failure) = await MailboxProvisioning.CreateAsync(data, address, name, password, kind, ct);
                if (user is null)
                    return (null, new CliFailure($"the demo user {address} cannot be created: {failure!.Message}"));
            }
            else if (password is not null)
            {
                // Left over from an interrupted demo setup: give it a known password again.
                await data.Directory.SetPasswordAsync(address, password, ct);
            }
            if (password is not null)
                logins.Add(new DemoLogin(address, password, name));
        }

        if (await data.Directory.FindGroupAsync(mail.Team, ct) is null)
        {
            var group = await data.Directory.CreateGroupAsync(mail.Team, "Team", ct);
            if (!group.IsSuccess)
                return (null, new CliFailure($"the demo group {mail.Team} cannot be created: {group.Message}"));
            foreach (var member in new[] { mail.Alice, mail.Bob, mail.Carol })
                await data.Directory.AddGroupMemberAsync(mail.Team, member, ct);
        }

        var sender = new DemoSender(data);
        foreach (var sample in mail.All())
        {
            var problem = await sender.SendAsync(sample, ct);
            if (problem is not null)
                log.LogWarning("Demo message not fully delivered: {Problem}", problem);
        }

        var created = new DemoMarker(domain, data.Time.GetUtcNow().UtcDateTime, logins);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var stream = new FileStream(markerPath, options))
            await JsonSerializer.SerializeAsync(stream, created, DemoJsonContext.Default.DemoMarker, ct);
        log.LogInformation("Created the demo organisation on {Domain} with {Users} users.", domain, logins.Count);
        return (logins, null);
    }

    /// <summary>Four groups of four from an unambiguous alphabet: about 80 bits, easy to type from a terminal.</summary>
    private static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 16);
        return $"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}-{new string(chars, 8, 4)}-{new string(chars, 12, 4)}";
    }
}
