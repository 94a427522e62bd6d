using System.Text;
using Bourse.ActiveSync.Handlers;

namespace Bourse.ActiveSync.State;

/// What the device was told about the hierarchy at a SyncKey: ServerId → (ParentId, DisplayName, Type).
internal static class FolderSyncSnapshot
{
    private const byte Version = 1;

    internal static byte[] Write(IEnumerable<FolderView.EasFolder> folders)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Version);
            var list = folders.ToList();
            w.Write(list.Count);
            foreach (var f in list)
            {
                w.Write(f.ServerId);
                w.Write(f.ParentId);
                w.Write(f.DisplayName);
                w.Write(f.Type);
            }
        }

        return ms.ToArray();
    }

    /// Null when the bytes are not a snapshot this version wrote.
    internal static Dictionary<string, (string ParentId, string DisplayName, int Type)>? Read(byte[] data)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
            if (r.ReadByte() != Version)
                return null;
            var n = r.ReadInt32();
            if (n < 0 || n > 1_000_000)
                return null;
            var result = new Dictionary<string, (string, string, int)>(n, StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
                result[r.ReadString()] = (r.ReadString(), r.ReadString(), r.ReadInt32());
            return result;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            return null;
        }
    }
}
