using Bourse.Mailbox;
using Bourse.Server.Data;

namespace Bourse.Server.Demo;

/// <summary>Sends demo samples the way real mail arrives: delivery for incoming mail, submission for mail a user sends (Sent Items plus delivery).</summary>
internal sealed class DemoSender(BourseData data)
{
    private readonly MailDelivery _delivery = new(data.Store, data.Directory, data.Time, new MailDeliveryOptions { MaxMessageBytes = data.Options.MaxMessageBytes });
    private readonly Submission _submission = new(data.Store, data.Directory, data.Time, new MailDeliveryOptions { MaxMessageBytes = data.Options.MaxMessageBytes });

    /// <summary>Null when every recipient got the message; otherwise what went wrong.</summary>
    public async Task<string?> SendAsync(DemoMail.Sample sample, CancellationToken ct)
    {
        if (sample.Submit)
            return await SubmitAsync(sample, ct);
        var problems = new List<string>();
        foreach (var recipient in sample.Recipients)
        {
            var result = await _delivery.DeliverAsync(recipient, sample.Mime, ct);
            if (!result.IsDelivered)
                problems.Add($"{recipient}: {result.Status}");
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private async Task<string?> SubmitAsync(DemoMail.Sample sample, CancellationToken ct)
    {
        var sender = await data.Directory.FindUserByAddressAsync(sample.From, ct);
        if (sender is null)
            return $"{sample.From} is not a demo user";
        var result = await _submission.SubmitAsync(new SubmitRequest(sender, sample.Mime), ct);
        if (!result.IsAccepted)
            return $"submission by {sample.From}: {result.Status}";
        var failed = result.Recipients.Where(r => r.Status != SubmissionRecipientStatus.Delivered).Select(r => $"{r.Address}: {r.Status}").ToList();
        return failed.Count == 0 ? null : string.Join("; ", failed);
    }
}
