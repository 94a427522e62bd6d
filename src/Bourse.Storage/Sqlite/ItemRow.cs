using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Microsoft.Data.Sqlite;

namespace Bourse.Storage.Sqlite;

/// <summary>An item's row as stored.</summary>
internal sealed class ItemRow
{
    public const string Columns = "i.rid, i.id, i.folder, i.created_cn, i.cn, i.message_class, i.subject, i.sender_name, i.sender_address, " +
        "i.received, i.is_read, i.flag_status, i.importance, i.has_attachments, i.size, i.start_time, i.end_time, i.props, i.recipients, " +
        "i.mime_blob, i.search_text, i.mime_refs";

    /// <summary>The columns of an <see cref="ItemSummary"/>, read by <see cref="ReadSummary"/>.</summary>
    public const string SummaryColumns = "i.id, i.folder, i.cn, i.message_class, i.subject, i.sender_name, i.sender_address, i.received, " +
        "i.is_read, i.flag_status, i.importance, i.has_attachments, i.size, i.start_time, i.end_time";

    public long Rid { get; init; }
    public long Id { get; init; }
    public long Folder { get; init; }
    public long CreatedCn { get; init; }
    public long Cn { get; init; }
    public required ItemColumns Materialized { get; init; }
    public long Size { get; init; }
    public byte[] Props { get; init; } = [];
    public byte[]? Recipients { get; init; }
    public long? MimeBlob { get; init; }
    public string? SearchText { get; init; }

    /// <summary>Properties kept only in the MIME (<see cref="MimeRefs"/>); <see cref="DecodeBag"/> does not include them.</summary>
    public byte[]? MimeRefs { get; init; }

    public static ItemRow Read(SqliteDataReader r) => new()
    {
        Rid = r.GetInt64(0),
        Id = r.GetInt64(1),
        Folder = r.GetInt64(2),
        CreatedCn = r.GetInt64(3),
        Cn = r.GetInt64(4),
        Materialized = new ItemColumns(
            r.GetString(5), r.GetString(6), r.GetNullableString(7), r.GetNullableString(8), r.GetInt64(9),
            r.GetInt64(10) != 0, (int)r.GetInt64(11), (int)r.GetInt64(12), r.GetInt64(13) != 0,
            r.GetNullableInt64(15), r.GetNullableInt64(16)),
        Size = r.GetInt64(14),
        Props = r.GetNullableBytes(17) ?? [],
        Recipients = r.GetNullableBytes(18),
        MimeBlob = r.GetNullableInt64(19),
        SearchText = r.GetNullableString(20),
        MimeRefs = r.GetNullableBytes(21),
    };

    public static ItemSummary ReadSummary(SqliteDataReader r, int at = 0) => new(
        new ItemId(r.GetInt64(at)),
        new FolderId(r.GetInt64(at + 1)),
        r.GetInt64(at + 2),
        r.GetString(at + 3),
        r.GetString(at + 4),
        r.GetNullableString(at + 5),
        r.GetNullableString(at + 6),
        new DateTime(r.GetInt64(at + 7), DateTimeKind.Utc),
        r.GetInt64(at + 8) != 0,
        (FlagStatus)r.GetInt64(at + 9),
        (int)r.GetInt64(at + 10),
        r.GetInt64(at + 11) != 0,
        r.GetInt64(at + 12),
        r.GetNullableInt64(at + 13) is { } s ? new DateTime(s, DateTimeKind.Utc) : null,
        r.GetNullableInt64(at + 14) is { } e ? new DateTime(e, DateTimeKind.Utc) : null);

    /// <summary>
    /// The stored bag, without the properties kept in the MIME (<see cref="MimeRefs"/>). A damaged blob must not break the mailbox: the item then shows the properties its indexed columns
    /// still hold, and the next write stores that bag again.
    /// </summary>
    public PropertyBag DecodeBag()
    {
        try
        {
            return PropertyBagSerializer.Deserialize(Props);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            var c = Materialized;
            var bag = new PropertyBag()
                .Set(PropTags.MessageClass, c.MessageClass)
                .Set(PropTags.Subject, c.Subject)
                .Set(PropTags.MessageDeliveryTime, new DateTime(c.ReceivedTicks, DateTimeKind.Utc))
                .Set(PropTags.MessageFlags, (int)((c.IsRead ? MessageFlags.Read : 0) | (c.HasAttachments ? MessageFlags.HasAttachments : 0)))
                .Set(PropTags.Importance, c.Importance);
            if (c.FlagStatus != 0)
                bag.Set(PropTags.FlagStatus, c.FlagStatus);
            if (c.SenderName is { } n)
                bag.Set(PropTags.SenderName, n);
            if (c.SenderAddress is { } a)
                bag.Set(PropTags.SenderSmtpAddress, a);
            return bag;
        }
    }
}
