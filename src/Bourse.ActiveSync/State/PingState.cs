using System.Text;

namespace Bourse.ActiveSync.State;

/// <summary>
/// What a device last asked Ping to watch, kept in the store under <c>eas/{device}/ping</c> so an empty Ping (or one with
/// only a heartbeat or only folders) continues it on any node (MS-ASCMD 3.1.5.8: the server caches both).
/// </summary>
internal sealed record PingState(int HeartbeatSeconds, IReadOnlyList<PingFolder> Folders)
{
    private const byte Version = 1;

    internal byte[] Write()
    {
        using var ms = new MemoryStream(16 + Folders.Count * 24);
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Version);
            w.Write(HeartbeatSeconds);
            w.Write(Folders.Count);
            foreach (var f in Folders)
            {
                w.Write(f.Id);
                w.Write(f.Class ?? "");
            }
        }

        return ms.ToArray();
    }

    /// Null when the bytes are not a state this version wrote.
    internal static PingState? Read(byte[] data)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
            if (r.ReadByte() != Version)
                return null;
            var heartbeat = r.ReadInt32();
            var n = r.ReadInt32();
            if (heartbeat <= 0 || n < 0 || n > 100_000)
                return null;
            var folders = new PingFolder[n];
            for (var i = 0; i < n; i++)
            {
                var id = r.ReadString();
                var cls = r.ReadString();
                folders[i] = new PingFolder(id, cls.Length == 0 ? null : cls);
            }

            return r.BaseStream.Position == data.Length ? new PingState(heartbeat, folders) : null;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            return null;
        }
    }

    internal bool SameAs(PingState other) =>
        HeartbeatSeconds == other.HeartbeatSeconds && Folders.SequenceEqual(other.Folders);
}

/// One watched folder: its ServerId and the class the device named (Email, Calendar, Contacts, Tasks, Notes, SMS).
internal sealed record PingFolder(string Id, string? Class);
