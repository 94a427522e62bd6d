using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Ids;
using Bourse.Directory;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// ResolveRecipients (MS-ASCMD 2.2.1.15): each To resolved against the global address list (an exact address first, then
/// ambiguous name resolution), with the free/busy of a resolved person or group when asked (Availability). No S/MIME
/// certificates or photos are kept, so those parts answer "none". The user's own Contacts are not searched.
/// </summary>
internal sealed class ResolveRecipientsHandler(IMailStore store, IDirectory directory) : IEasCommandHandler
{
    private const string Ns = "ResolveRecipients";

    // MS-ASCMD 3.1.5.3 (Limiting Size of Command Requests): at most 100 To elements by default, Status 5 above.
    private const int MaxTo = 100;

    // MS-ASCMD To (ResolveRecipients): up to 256 characters.
    private const int MaxToLength = 256;

    // MS-ASCMD 2.2.3.16: with Availability at most 100 recipients (160 above), a group of at most 20 members (161 above).
    private const int MaxAvailabilityRecipients = 100;
    private const int MaxGroupMembersForAvailability = 20;

    // MS-ASCMD 2.2.3.61.1: the window is at least 30 minutes and at most 42 days (Exchange 2010 and later); 7 days by default.
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(42);
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    // How many suggestions an ambiguous name gets when the client does not say (MaxAmbiguousRecipients), and at most.
    private const int DefaultMaxAmbiguous = 20;
    private const int MaxAmbiguousCap = 100;

    public EasCommand Command => EasCommand.ResolveRecipients;

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var request = context.Request!;
        var tos = request.Children.Where(c => c.Namespace == Ns && c.Name == "To").Select(c => c.Text?.Trim() ?? "").ToList();
        if (tos.Count is 0 or > MaxTo || tos.Exists(t => t.Length is 0 or > MaxToLength))
            return TopStatus(ResolveStatus.ProtocolError);
        if (ParseOptions(request.Element(Ns, "Options"), context.Version) is not { } options)
            return TopStatus(ResolveStatus.ProtocolError);

        var response = new WbxmlElement(Ns, "ResolveRecipients", new WbxmlElement(Ns, "Status", "1"));
        foreach (var to in tos)
            response.Add(await ResolveAsync(to, options, tooManyForAvailability: tos.Count > MaxAvailabilityRecipients, ct));
        return new EasResult.Document(response);
    }

    private sealed record Options(int CertificateRetrieval, int MaxAmbiguous, DateTime? Start, DateTime? End, bool Picture);

    /// The Options, or null for a value out of range or a malformed availability window (a protocol error, MS-ASCMD 2.2.3.177.12).
    private static Options? ParseOptions(WbxmlElement? element, EasProtocolVersion version)
    {
        if (element is null)
            return new Options(1, DefaultMaxAmbiguous, null, null, false);
        var retrieval = 1;
        if (element.Element(Ns, "CertificateRetrieval") is { } cr &&
            (!int.TryParse(cr.Text, NumberStyles.None, CultureInfo.InvariantCulture, out retrieval) || retrieval is < 1 or > 3))
        {
            return null;
        }

        var maxAmbiguous = DefaultMaxAmbiguous;
        if (element.Element(Ns, "MaxAmbiguousRecipients") is { } ma)
        {
            if (!int.TryParse(ma.Text, NumberStyles.None, CultureInfo.InvariantCulture, out maxAmbiguous))
                return null;
            maxAmbiguous = Math.Min(maxAmbiguous, MaxAmbiguousCap);
        }

        DateTime? start = null;
        DateTime? end = null;
        if (element.Element(Ns, "Availability") is { } availability)
        {
            // MS-ASCMD 2.2.3.176.1: StartTime is required with Availability; 2.2.3.61.1: EndTime defaults to a week later.
            if (!EasDateTime.TryParse(availability.Element(Ns, "StartTime")?.Text, out var s))
                return null;
            var e = s + DefaultWindow;
            if (availability.Element(Ns, "EndTime") is { } endElement && !EasDateTime.TryParse(endElement.Text, out e))
                return null;
            if (e < s + ResolveRecipientsFreeBusy.Interval || e - s > MaxWindow)
                return null;
            (start, end) = (s, e);
        }

        // MS-ASCMD 2.2.3.135.2: Picture from protocol 14.1.
        var picture = element.Element(Ns, "Picture") is not null && version >= EasProtocolVersion.V14_1;
        return new Options(retrieval, maxAmbiguous, start, end, picture);
    }

    private async ValueTask<WbxmlElement> ResolveAsync(string to, Options options, bool tooManyForAvailability, CancellationToken ct)
    {
        var address = AddressOf(to);
        IReadOnlyList<SearchGalQuery.Entry> matches = address is not null && await SearchGalQuery.ExactAsync(directory, address, ct) is { } exact
            ? [exact]
            : await SearchGalQuery.MatchAsync(directory, to, ct);

        // MS-ASCMD 2.2.3.177.12 (Response): 1 resolved, 2 ambiguous with every suggestion, 3 ambiguous with some, 4 unresolved.
        int status;
        IReadOnlyList<SearchGalQuery.Entry> listed;
        if (matches.Count == 0)
        {
            status = ResolveStatus.Unresolved;
            listed = [];
        }
        else if (matches.Count == 1)
        {
            status = 1;
            listed = matches;
        }
        else
        {
            status = matches.Count <= options.MaxAmbiguous ? ResolveStatus.Ambiguous : ResolveStatus.AmbiguousPartial;
            listed = matches.Take(options.MaxAmbiguous).ToList();
        }

        var response = new WbxmlElement(Ns, "Response",
            new WbxmlElement(Ns, "To", to),
            new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture)),
            new WbxmlElement(Ns, "RecipientCount", listed.Count.ToString(CultureInfo.InvariantCulture)));
        foreach (var entry in listed)
        {
            var recipient = new WbxmlElement(Ns, "Recipient",
                // MS-ASCMD 2.2.3.186.5: 1, the recipient is in the global address list.
                new WbxmlElement(Ns, "Type", "1"),
                new WbxmlElement(Ns, "DisplayName", entry.DisplayName),
                new WbxmlElement(Ns, "EmailAddress", entry.EmailAddress));
            // MS-ASCMD 2.2.3.16: free/busy only for a recipient that resolved to exactly one entry.
            if (options.Start is { } start && options.End is { } end && status == 1)
                recipient.Add(await AvailabilityAsync(entry, start, end, tooManyForAvailability, ct));
            if (options.CertificateRetrieval != 1)
            {
                // MS-ASCMD 2.2.3.177.12 (Certificates): 7, the recipient has no valid S/MIME certificate (none are kept).
                recipient.Add(new WbxmlElement(Ns, "Certificates",
                    new WbxmlElement(Ns, "Status", "7"),
                    new WbxmlElement(Ns, "CertificateCount", "0")));
            }

            if (options.Picture)
            {
                // MS-ASCMD 2.2.3.177.12 (Picture): 173, the contact has no photo.
                recipient.Add(new WbxmlElement(Ns, "Picture", new WbxmlElement(Ns, "Status", "173")));
            }

            response.Add(recipient);
        }

        return response;
    }

    private async ValueTask<WbxmlElement> AvailabilityAsync(SearchGalQuery.Entry entry, DateTime start, DateTime end, bool tooMany,
        CancellationToken ct)
    {
        // MS-ASCMD 2.2.3.177.12 (Availability): 160 more than 100 recipients, 161 a group of more than 20 members.
        if (tooMany)
            return AvailabilityStatus(160);
        IReadOnlyList<MailboxId> mailboxes;
        if (entry.User is { } user)
        {
            mailboxes = [user.MailboxId];
        }
        else
        {
            var members = await directory.ExpandGroupAsync(entry.EmailAddress, ct);
            if (members.Count > MaxGroupMembersForAvailability)
                return AvailabilityStatus(161);
            mailboxes = members.Select(m => m.MailboxId).ToList();
        }

        var merged = await ResolveRecipientsFreeBusy.MergeAsync(store, mailboxes, start, end, ct);
        return new WbxmlElement(Ns, "Availability",
            new WbxmlElement(Ns, "Status", "1"),
            new WbxmlElement(Ns, "MergedFreeBusy", merged));
    }

    private static WbxmlElement AvailabilityStatus(int status) =>
        new(Ns, "Availability", new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture)));

    /// The SMTP address in a To value ("a@b", "Name &lt;a@b&gt;", "SMTP:a@b"), or null when it holds none.
    private static string? AddressOf(string to)
    {
        var text = to;
        var lt = text.LastIndexOf('<');
        if (lt >= 0 && text.EndsWith('>'))
            text = text[(lt + 1)..^1];
        if (text.StartsWith("SMTP:", StringComparison.OrdinalIgnoreCase))
            text = text[5..];
        text = text.Trim();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < text.Length - 1 && !text.Contains(' ', StringComparison.Ordinal) ? text : null;
    }

    private static EasResult TopStatus(int status) => new EasResult.Document(
        new WbxmlElement(Ns, "ResolveRecipients", new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture))));

    /// MS-ASCMD 2.2.3.177.12: ResolveRecipients Status values (top level and Response).
    internal static class ResolveStatus
    {
        internal const int Ambiguous = 2;
        internal const int AmbiguousPartial = 3;
        internal const int Unresolved = 4;
        internal const int ProtocolError = 5;
        internal const int ServerError = 6;
    }
}
