using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Bourse.Server.Demo;

/// <summary>
/// The demo organisation's sample mail, as MIME: a conversation with replies, an HTML newsletter to the team group,
/// a message with an attachment, a meeting request, and a welcome note. Dates are spread over the last days.
/// </summary>
internal sealed class DemoMail(string domain, DateTimeOffset now)
{
    public string Alice => $"alice@{domain}";
    public string Bob => $"bob@{domain}";
    public string Carol => $"carol@{domain}";
    public string Room => $"boardroom@{domain}";
    public string Team => $"team@{domain}";

    /// <summary>A message to deliver (Sender is external or a user) or to submit (sent by a user, lands in Sent Items).</summary>
    public sealed record Sample(string From, IReadOnlyList<string> Recipients, byte[] Mime, bool Submit);

    public IReadOnlyList<Sample> All()
    {
        var planning = $"<{Guid.NewGuid():N}@{domain}>";
        var planningReply = $"<{Guid.NewGuid():N}@{domain}>";
        return
        [
            Deliver(Welcome()),
            Deliver(Build(Bob, "Bob Nguyen", [Alice], [], "Quarterly planning", now.AddDays(-3).AddHours(-2), planning, null, null,
                Text("Hi Alice,\n\nCould we block an hour this week for Q3 planning? I'd like to go over the roadmap and the hiring plan.\n\nThanks,\nBob\n"))),
            Submit(Build(Alice, "Alice Martin", [Bob], [Carol], "Re: Quarterly planning", now.AddDays(-3).AddHours(-1), planningReply, planning, planning,
                Text("Sure, Thursday 10:00 works for me. Adding Carol since she owns the budget.\n\nAlice\n\n> Could we block an hour this week for Q3 planning?\n"))),
            Deliver(Build(Carol, "Carol Diaz", [Alice, Bob], [], "Re: Quarterly planning", now.AddDays(-3), null, planningReply, $"{planning} {planningReply}",
                Text("Thursday is fine. I'll bring the updated budget draft.\n\nCarol\n"))),
            Deliver(Newsletter()),
            Deliver(Build(Carol, "Carol Diaz", [Alice], [], "Budget draft for Q3", now.AddDays(-2), null, null, null, BudgetWithAttachment())),
            Submit(MeetingRequest()),
            Deliver(Build(Bob, "Bob Nguyen", [Carol], [], "Lunch?", now.AddHours(-5), null, null, null,
                Text("Carol, are you free for lunch tomorrow? The new place across the street opened.\n\nBob\n"))),
        ];
    }

    private Sample Deliver(MimeMessage message) => new(message.From.Mailboxes.First().Address, Addresses(message), Serialize(message), Submit: false);

    private Sample Submit(MimeMessage message) => new(message.From.Mailboxes.First().Address, Addresses(message), Serialize(message), Submit: true);

    private static List<string> Addresses(MimeMessage message) =>
        [.. message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static byte[] Serialize(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        return stream.ToArray();
    }

    private MimeMessage Build(string from, string fromName, IReadOnlyList<string> to, IReadOnlyList<string> cc, string subject, DateTimeOffset date,
        string? messageId, string? inReplyTo, string? references, MimeEntity body)
    {
        var message = new MimeMessage { Subject = subject, Date = date, Body = body };
        message.From.Add(new MailboxAddress(fromName, from));
        message.To.AddRange(to.Select(a => new MailboxAddress(NameOf(a), a)));
        message.Cc.AddRange(cc.Select(a => new MailboxAddress(NameOf(a), a)));
        message.MessageId = (messageId ?? $"<{Guid.NewGuid():N}@{domain}>").Trim('<', '>');
        if (inReplyTo is not null)
            message.InReplyTo = inReplyTo.Trim('<', '>');
        if (references is not null)
        {
            foreach (var reference in references.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                message.References.Add(reference.Trim('<', '>'));
        }
        return message;
    }

    private string NameOf(string address) =>
        address.Equals(Alice, StringComparison.OrdinalIgnoreCase) ? "Alice Martin"
        : address.Equals(Bob, StringComparison.OrdinalIgnoreCase) ? "Bob Nguyen"
        : address.Equals(Carol, StringComparison.OrdinalIgnoreCase) ? "Carol Diaz"
        : address.Equals(Team, StringComparison.OrdinalIgnoreCase) ? "Team"
        : address.Equals(Room, StringComparison.OrdinalIgnoreCase) ? "Boardroom" : "";

    private static TextPart Text(string text) => new("plain") { Text = text };

    private MimeMessage Welcome()
    {
        var body = new BodyBuilder
        {
            TextBody = $"Welcome to Bourse!\n\nThis demo organisation ({domain}) has three users (Alice, Bob and Carol), a room (Boardroom) and a group (team@{domain}).\n"
                + "Sign in to Outlook on the web at /owa, or add an Exchange account in Outlook or on a phone.\n\nThe Bourse demo\n",
        };
        var message = Build($"postmaster@{domain}", "Bourse", [Carol, Alice, Bob], [], "Welcome to Bourse", now.AddDays(-4), null, null, null, body.ToMessageBody());
        return message;
    }

    private MimeMessage Newsletter()
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:Segoe UI,Arial,sans-serif;color:#222\">")
            .Append("<h1 style=\"color:#0a64c8\">The Weekly Ledger</h1>")
            .Append("<p>Good morning, team! Here is what happened this week.</p>")
            .Append("<h2>Highlights</h2><ul><li><b>Shipping:</b> the new calendar view is live.</li>")
            .Append("<li><b>People:</b> please welcome our new colleagues in Support.</li>")
            .Append("<li><b>Reminder:</b> expense reports are due on Friday.</li></ul>")
            .Append("<table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\"><tr><th>Metric</th><th>This week</th></tr>")
            .Append("<tr><td>Tickets closed</td><td>128</td></tr><tr><td>Uptime</td><td>99.98%</td></tr></table>")
            .Append("<p style=\"font-size:small;color:#777\">You receive this because you are a member of the Team list.</p>")
            .Append("</body></html>")
            .ToString();
        var body = new BodyBuilder
        {
            HtmlBody = html,
            TextBody = "The Weekly Ledger\n\nHighlights:\n- Shipping: the new calendar view is live.\n- People: please welcome our new colleagues in Support.\n"
                + "- Reminder: expense reports are due on Friday.\n\nTickets closed: 128\nUptime: 99.98%\n",
        };
        var message = Build($"newsletter@{domain}", "The Weekly Ledger", [Team], [], "The Weekly Ledger: calendar view, new colleagues, expenses", now.AddDays(-1), null, null, null, body.ToMessageBody());
        message.Headers.Add("List-Id", $"Team <team.{domain}>");
        return message;
    }

    private static MimeEntity BudgetWithAttachment()
    {
        var csv = new StringBuilder("Category,Q2 actual,Q3 plan\r\n")
            .Append("Salaries,410000,432000\r\nCloud hosting,38200,41000\r\nTravel,12500,9000\r\nTraining,6000,8500\r\n")
            .ToString();
        var body = new BodyBuilder { TextBody = "Hi Alice,\n\nAttached is the budget draft for Q3. Hosting goes up a little, travel goes down.\n\nCarol\n" };
        body.Attachments.Add("budget-q3.csv", Encoding.UTF8.GetBytes(csv), new ContentType("text", "csv"));
        return body.ToMessageBody();
    }

    private MimeMessage MeetingRequest()
    {
        var start = new DateTimeOffset(now.UtcDateTime.Date.AddDays(2).AddHours(9), TimeSpan.Zero);
        var uid = $"{Guid.NewGuid():N}@{domain}";
        string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var ics = string.Join("\r\n",
            "BEGIN:VCALENDAR", "PRODID:-//Bourse//Demo//EN", "VERSION:2.0", "METHOD:REQUEST",
            "BEGIN:VEVENT", $"UID:{uid}", $"DTSTAMP:{Stamp(now)}", $"DTSTART:{Stamp(start)}", $"DTEND:{Stamp(start.AddHours(1))}",
            "SUMMARY:Project kickoff", "LOCATION:Boardroom", $"ORGANIZER;CN=Alice Martin:mailto:{Alice}",
            $"ATTENDEE;CN=Bob Nguyen;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:{Bob}",
            $"ATTENDEE;CN=Carol Diaz;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:{Carol}",
            $"ATTENDEE;CN=Boardroom;CUTYPE=ROOM;ROLE=NON-PARTICIPANT:mailto:{Room}",
            "END:VEVENT", "END:VCALENDAR", "");
        var calendar = new TextPart("calendar") { Text = ics };
        calendar.ContentType.Parameters.Add("method", "REQUEST");
        var alternative = new MultipartAlternative
        {
            Text("Let's kick off the project: goals, owners and the first milestones.\n\nWhen: in two days, 09:00-10:00 UTC\nWhere: Boardroom\n"),
            calendar,
        };
        return Build(Alice, "Alice Martin", [Bob, Carol, Room], [], "Project kickoff", now.AddHours(-20), null, null, null, alternative);
    }
}
