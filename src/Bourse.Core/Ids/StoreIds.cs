using System.Buffers.Binary;
using System.Buffers.Text;

namespace Bourse.Core.Ids;

/// <summary>
/// Stable, protocol-neutral encodings of folder and item ids that every protocol can carry:
/// an opaque URL-safe string (EWS ItemId/FolderId, OWA) bound to the mailbox, and the 8-byte MAPI
/// FID/MID form (MS-OXCDATA 2.2.1.2: 2-byte replica id, then the 6-byte global counter).
/// </summary>
public static class StoreIds
{
    private const byte FormatVersion = 1;
    private const int OpaqueLength = 1 + 1 + 16 + 8;

    /// <summary>The replica id Bourse uses for every mailbox's own objects (REPLID 1, MS-OXCFXICS 2.2.2.1).</summary>
    public const ushort LocalReplicaId = 1;

    public static string Encode(MailboxId mailbox, FolderId folder) => Encode(mailbox, StoreObjectKind.Folder, folder.Value);

    public static string Encode(MailboxId mailbox, ItemId item) => Encode(mailbox, StoreObjectKind.Item, item.Value);

    private static string Encode(MailboxId mailbox, StoreObjectKind kind, long value)
    {
        Span<byte> buf = stackalloc byte[OpaqueLength];
        buf[0] = FormatVersion;
        buf[1] = (byte)kind;
        mailbox.Value.TryWriteBytes(buf[2..18]);
        BinaryPrimitives.WriteInt64LittleEndian(buf[18..], value);
        return Base64Url.EncodeToString(buf);
    }

    /// <summary>Decodes an opaque id; false for anything malformed (never throws on client input).</summary>
    public static bool TryDecode(string? text, out MailboxId mailbox, out StoreObjectKind kind, out long value)
    {
        mailbox = default;
        kind = default;
        value = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
            return false;
        Span<byte> buf = stackalloc byte[48];
        if (Base64Url.DecodeFromChars(text, buf, out _, out var written) != System.Buffers.OperationStatus.Done || written != OpaqueLength)
            return false;
        if (buf[0] != FormatVersion || buf[1] is not ((byte)StoreObjectKind.Folder or (byte)StoreObjectKind.Item))
            return false;
        mailbox = new MailboxId(new Guid(buf[2..18]));
        kind = (StoreObjectKind)buf[1];
        value = BinaryPrimitives.ReadInt64LittleEndian(buf[18..26]);
        return value > 0;
    }

    public static bool TryDecodeFolder(string? text, out MailboxId mailbox, out FolderId folder)
    {
        var ok = TryDecode(text, out mailbox, out var kind, out var v) && kind == StoreObjectKind.Folder;
        folder = ok ? new FolderId(v) : default;
        return ok;
    }

    public static bool TryDecodeItem(string? text, out MailboxId mailbox, out ItemId item)
    {
        var ok = TryDecode(text, out mailbox, out var kind, out var v) && kind == StoreObjectKind.Item;
        item = ok ? new ItemId(v) : default;
        return ok;
    }

    /// <summary>The MAPI 64-bit id as it appears on the wire (little-endian uint64 of REPLID then GLOBCNT).</summary>
    public static ulong ToMapiId(long globalCounter, ushort replicaId = LocalReplicaId)
    {
        Span<byte> buf = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(buf, replicaId);
        ChangeKey.WriteGlobalCounter(buf[2..], globalCounter);
        return BinaryPrimitives.ReadUInt64LittleEndian(buf);
    }

    public static long FromMapiId(ulong mapiId, out ushort replicaId)
    {
        Span<byte> buf = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buf, mapiId);
        replicaId = BinaryPrimitives.ReadUInt16LittleEndian(buf);
        return ChangeKey.ReadGlobalCounter(buf[2..]);
    }
}

public enum StoreObjectKind : byte
{
    Folder = 1,
    Item = 2,
}
