using System.Runtime.InteropServices;

namespace Bourse.Storage.Sqlite;

/// <summary>fsync of a directory, so that a new file's directory entry is durable (POSIX fsync(2) on the directory).</summary>
internal static partial class PosixFileSync
{
    public static void SyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
            return; // NTFS journals its metadata; there is no directory handle to flush.
        var fd = Open(path, 0 /* O_RDONLY */);
        if (fd < 0)
            throw new IOException($"Cannot open directory for fsync (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (FSync(fd) != 0)
                throw new IOException($"fsync of directory failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
