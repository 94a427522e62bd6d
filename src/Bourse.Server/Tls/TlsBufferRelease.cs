using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Bourse.Server.Tls;

/// <summary>
/// Sets OpenSSL's SSL_MODE_RELEASE_BUFFERS on a server connection once its handshake is done, so a connection that is only
/// waiting (a held ActiveSync Ping, an idle keep-alive) gives its read and write record buffers (~17 kB each) back to the
/// allocator instead of keeping them until it closes; OpenSSL allocates them again for the next record. .NET does not expose
/// the connection's SSL object, so it is reached through SslStream's private security context. Every step is checked —
/// Linux, the runtime on OpenSSL 3, the private field and its handle type, libssl's SSL_ctrl — and when any is missing the
/// connection is left as it is: the setting only saves memory, it changes nothing on the wire.
/// </summary>
internal static class TlsBufferRelease
{
    private const int SslCtrlMode = 33; // SSL_CTRL_MODE: ORs the given bits into the mode and returns the new mode.
    internal const long SslModeReleaseBuffers = 0x10; // SSL_MODE_RELEASE_BUFFERS, the same value since OpenSSL 1.0.0.

    // The runtime's own handle type for the SSL object on Unix; anything else is not an SSL* and is never touched.
    private const string SslHandleTypeName = "Microsoft.Win32.SafeHandles.SafeSslHandle";

    // SslStream's private field that holds the connection's security context (on Unix, the SSL object's handle).
    private const string SecurityContextField = "_securityContext";

    private static readonly Lazy<Native?> Resolved = new(() => Resolve(SecurityContextField), LazyThreadSafetyMode.ExecutionAndPublication);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate long SslCtrl(IntPtr ssl, int cmd, long larg, IntPtr parg);

    /// <summary>True when this process can set the mode: Linux, the runtime on OpenSSL 3, and the private field present.</summary>
    internal static bool IsAvailable => Resolved.Value is not null;

    /// <summary>
    /// Sets SSL_MODE_RELEASE_BUFFERS on the authenticated stream's connection; false (and nothing done) when the runtime does
    /// not allow it. Call it after the handshake and before the connection is read or written again.
    /// </summary>
    internal static bool TryRelease(SslStream stream) => Control(stream, SslModeReleaseBuffers) is { } mode && (mode & SslModeReleaseBuffers) != 0;

    /// <summary>The connection's current OpenSSL mode bits, or null when they cannot be read (for tests).</summary>
    internal static long? ModeOf(SslStream stream) => Control(stream, 0);

    private static long? Control(SslStream stream, long bits)
    {
        if (Resolved.Value is not { } native || !stream.IsAuthenticated)
            return null;
        try
        {
            if (native.SecurityContext.GetValue(stream) is not SafeHandle handle || handle.GetType().FullName != SslHandleTypeName || handle.IsInvalid || handle.IsClosed)
                return null;
            var added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                return native.Ctrl(handle.DangerousGetHandle(), SslCtrlMode, bits, IntPtr.Zero);
            }
            finally
            {
                if (added)
                    handle.DangerousRelease();
            }
        }
        catch (ObjectDisposedException)
        {
            // The connection closed meanwhile.
            return null;
        }
    }

    /// <summary>What the release needs from the runtime, or null (and the release off) when any of it is missing.</summary>
    internal static bool CanResolve(string securityContextField) => Resolve(securityContextField) is not null;

    private static Native? Resolve(string securityContextField)
    {
        try
        {
            if (!OperatingSystem.IsLinux())
                return null;
            // The runtime names the OpenSSL it loaded; SSL_ctrl is called in that same library (already loaded, so found by
            // its soname), and only for the major version whose libssl name is known.
            var version = SafeEvpPKeyHandle.OpenSslVersion;
            if (version < 0x3000_0000L || version >= 0x4000_0000L)
                return null;
            var field = typeof(SslStream).GetField(securityContextField, BindingFlags.NonPublic | BindingFlags.Instance);
            if (field is null || !(field.FieldType.IsAssignableTo(typeof(SafeHandle)) || field.FieldType.IsAssignableFrom(typeof(SafeHandle))))
                return null;
            if (!NativeLibrary.TryLoad("libssl.so.3", typeof(TlsBufferRelease).Assembly, DllImportSearchPath.SafeDirectories, out var libssl)
                || !NativeLibrary.TryGetExport(libssl, "SSL_ctrl", out var ctrl))
                return null;
            return new Native(field, Marshal.GetDelegateForFunctionPointer<SslCtrl>(ctrl));
        }
        catch (Exception e) when (e is PlatformNotSupportedException or CryptographicException or DllNotFoundException or EntryPointNotFoundException
                                      or TypeLoadException or MemberAccessException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private sealed record Native(FieldInfo SecurityContext, SslCtrl Ctrl);
}
