using System.Runtime.CompilerServices;
using Bourse.Autodiscover.Codec;
using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Http;

// The encoded POX response. A settings answer depends only on its (immutable) MailboxSettings, provider and MAPI/HTTP
// version, so its bytes are kept with the settings object — which MailboxResolver keeps with the directory's user
// object, so a directory change brings new settings and new bytes. Errors (time and id) and redirects are written each
// time. The kept arrays are only ever read.
internal static class PoxResponseBytes
{
    // Outlook without and with the mapiHttp protocol (version 0 or 1), then mobilesync.
    private const int Variants = 3;
    private static readonly ConditionalWeakTable<MailboxSettings, byte[]?[]> Settings = new();

    public static byte[] For(PoxResponse response)
    {
        if (response is not PoxSettingsResponse settings || Variant(settings) is not { } variant)
            return PoxResponseWriter.Write(response);
        var encoded = Settings.GetValue(settings.Mailbox, static _ => new byte[]?[Variants]);
        var bytes = Volatile.Read(ref encoded[variant]);
        if (bytes is null)
        {
            // A race encodes the same bytes twice; either array is the answer.
            bytes = PoxResponseWriter.Write(response);
            Volatile.Write(ref encoded[variant], bytes);
        }

        return bytes;
    }

    private static int? Variant(PoxSettingsResponse settings) => settings.Provider switch
    {
        PoxProvider.MobileSync when settings.MapiHttpVersion == 0 => 2,
        PoxProvider.Outlook when settings.MapiHttpVersion is 0 or 1 => settings.MapiHttpVersion,
        _ => null,
    };
}
