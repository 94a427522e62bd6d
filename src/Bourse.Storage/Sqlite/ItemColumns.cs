using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.Storage.Sqlite;

/// <summary>The materialized, indexed columns of an item, derived from its property bag (the bag is the source of truth).</summary>
internal sealed record ItemColumns(
    string MessageClass,
    string Subject,
    string? SenderName,
    string? SenderAddress,
    long ReceivedTicks,
    bool IsRead,
    int FlagStatus,
    int Importance,
    bool HasAttachments,
    long? StartTicks,
    long? EndTicks)
{
    public const string DefaultMessageClass = "IPM.Note";

    public static ItemColumns From(PropertyBag bag, DateTime fallbackReceivedUtc)
    {
        var flags = (MessageFlags)(bag.GetInt32(PropTags.MessageFlags) ?? 0);
        var received = bag.GetDateTime(PropTags.MessageDeliveryTime) ?? bag.GetDateTime(PropTags.ClientSubmitTime)
            ?? bag.GetDateTime(PropTags.CreationTime) ?? fallbackReceivedUtc;
        return new ItemColumns(
            bag.GetString(PropTags.MessageClass) ?? DefaultMessageClass,
            bag.GetString(PropTags.Subject) ?? "",
            bag.GetString(PropTags.SenderName) ?? bag.GetString(PropTags.SentRepresentingName),
            bag.GetString(PropTags.SenderSmtpAddress) ?? bag.GetString(PropTags.SentRepresentingSmtpAddress)
                ?? bag.GetString(PropTags.SenderEmailAddress) ?? bag.GetString(PropTags.SentRepresentingEmailAddress),
            received.Ticks,
            flags.HasFlag(MessageFlags.Read),
            bag.GetInt32(PropTags.FlagStatus) ?? 0,
            // MS-OXCMSG 2.2.1.11: PidTagImportance defaults to 1 (normal).
            bag.GetInt32(PropTags.Importance) ?? 1,
            bag.GetBoolean(PropTags.HasAttachments) ?? flags.HasFlag(MessageFlags.HasAttachments),
            bag.GetDateTime(NamedProps.AppointmentStartWhole)?.Ticks,
            bag.GetDateTime(NamedProps.AppointmentEndWhole)?.Ticks);
    }

    public string SenderText => string.Join(' ', new[] { SenderName, SenderAddress }.Where(s => !string.IsNullOrEmpty(s)));
}
