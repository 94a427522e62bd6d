using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Bourse.Bench.Ping;

/// <summary>
/// A prototype, for measuring only (<c>BENCH_TLS_RELEASE_BUFFERS=1</c> with <c>--server hold</c>): after the handshake, sets
/// OpenSSL's SSL_MODE_RELEASE_BUFFERS on the connection's SSL object, so an idle connection gives its ~17 kB read and write
/// record buffers back instead of keeping them. .NET does not expose the SSL object; this reaches it by reflection into
/// SslStream's private fields, which is why it stays in the bench.
/// </summary>
internal static class TlsBufferRelease
{
    private const int SslCtrlMode = 33; // SSL_CTRL_MODE
    private const long SslModeReleaseBuffers = 0x10; // SSL_MODE_RELEASE_BUFFERS

    private static readonly FieldInfo? SecurityContext = typeof(SslStream).GetField("_securityContext", BindingFlags.NonPublic | BindingFlags.Instance);
    private static int _reported;

    public static bool TryRelease(SslStream ssl)
    {
        var context = SecurityContext?.GetValue(ssl);
        // On Linux the security context is the SSL object's handle itself (SafeSslHandle); older runtimes wrapped it.
        var handle = context as SafeHandle
                     ?? context?.GetType().GetProperty("SslContext", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance)?.GetValue(context) as SafeHandle;
        if (handle is null || handle.IsInvalid)
        {
            if (Interlocked.Exchange(ref _reported, 1) == 0)
                Console.Error.WriteLine($"TLS buffer release: no SSL handle ({context?.GetType().FullName ?? "no security context"})");
            return false;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            SslCtrl(handle.DangerousGetHandle(), SslCtrlMode, SslModeReleaseBuffers, IntPtr.Zero);
            return true;
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the bench for one call
    [DllImport("libssl.so.3", EntryPoint = "SSL_ctrl")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern long SslCtrl(IntPtr ssl, int cmd, long larg, IntPtr parg);
#pragma warning restore SYSLIB1054
}
