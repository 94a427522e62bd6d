using System.Text;

namespace Bourse.Bench.ActiveSync;

/// <summary>
/// The bench device's own WBXML (MS-ASWBXML): it writes the few Sync requests it sends and scans responses for what it
/// needs (the collection's SyncKey, MoreAvailable, the number of Adds) — a client independent of the server's codec.
/// </summary>
internal static class SyncWire
{
    // MS-ASWBXML code page 0 (AirSync) and 17 (AirSyncBase) tokens.
    private const byte Sync = 0x05, Add = 0x07, SyncKey = 0x0B, Status = 0x0E, Collection = 0x0F, CollectionId = 0x12, MoreAvailable = 0x14,
        WindowSize = 0x15, Options = 0x17, Collections = 0x1C;

    private const byte BodyPreference = 0x05, Type = 0x06, TruncationSize = 0x07;

    private const byte SwitchPage = 0x00, End = 0x01, StrI = 0x03, Opaque = 0xC3, Content = 0x40;

    /// A Sync of one collection: SyncKey, CollectionId, WindowSize and a plain-text BodyPreference with a truncation size.
    public static byte[] SyncRequest(string collectionId, string syncKey, int windowSize, int truncation)
    {
        var w = new List<byte> { 0x03, 0x01, 0x6A, 0x00 };
        w.Add((byte)(Sync | Content));
        w.Add((byte)(Collections | Content));
        w.Add((byte)(Collection | Content));
        Text(w, SyncKey, syncKey);
        Text(w, CollectionId, collectionId);
        if (syncKey != "0")
        {
            Text(w, WindowSize, windowSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.Add((byte)(Options | Content));
            w.Add(SwitchPage);
            w.Add(17);
            w.Add((byte)(BodyPreference | Content));
            Text(w, Type, "1");
            Text(w, TruncationSize, truncation.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.Add(End);
            w.Add(SwitchPage);
            w.Add(0);
            w.Add(End);
        }

        w.Add(End);
        w.Add(End);
        w.Add(End);
        return [.. w];
    }

    /// What a Sync response says about its (single) collection.
    public readonly record struct Summary(string? SyncKey, string? Status, bool MoreAvailable, int Adds);

    public static Summary Scan(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[3] != 0)
            throw new FormatException("not a WBXML 1.3 response without string table");
        var pos = 4;
        byte page = 0;
        var last = (Page: (byte)0xFF, Tag: (byte)0);
        string? syncKey = null, status = null;
        var more = false;
        var adds = 0;
        var depth = 0;
        while (pos < data.Length)
        {
            var b = data[pos++];
            switch (b)
            {
                case SwitchPage:
                    page = data[pos++];
                    break;
                case End:
                    depth--;
                    break;
                case StrI:
                {
                    var end = data[pos..].IndexOf((byte)0);
                    var text = Encoding.UTF8.GetString(data.Slice(pos, end));
                    pos += end + 1;
                    // Only the collection's own SyncKey and Status (depth 4: Sync > Collections > Collection > element).
                    if (last.Page == 0 && depth == 4 && last.Tag == SyncKey)
                        syncKey = text;
                    else if (last.Page == 0 && depth == 4 && last.Tag == Status)
                        status = text;
                    break;
                }

                case Opaque:
                {
                    uint length = 0;
                    byte c;
                    do
                    {
                        c = data[pos++];
                        length = (length << 7) | (uint)(c & 0x7F);
                    }
                    while ((c & 0x80) != 0);
                    pos += (int)length;
                    break;
                }

                default:
                {
                    var tag = (byte)(b & 0x3F);
                    if (page == 0 && tag == Add && depth == 4)
                        adds++;
                    if (page == 0 && tag == MoreAvailable)
                        more = true;
                    last = (page, tag);
                    if ((b & Content) != 0)
                        depth++;
                    break;
                }
            }
        }

        return new Summary(syncKey, status, more, adds);
    }

    private static void Text(List<byte> w, byte tag, string value)
    {
        w.Add((byte)(tag | Content));
        w.Add(StrI);
        w.AddRange(Encoding.UTF8.GetBytes(value));
        w.Add(0);
        w.Add(End);
    }
}
