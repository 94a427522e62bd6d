using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Ids;
using Bourse.Directory;
using Bourse.Directory.Devices;

namespace Bourse.ActiveSync.Handlers;

/// Everything a handler needs about one request: who, which device, which version, and the decoded body.
internal sealed class EasRequestContext
{
    internal required EasRequestLine Line { get; init; }

    internal required DirectoryUser User { get; init; }

    internal MailboxId Mailbox => User.MailboxId;

    internal required DevicePartnership Device { get; init; }

    internal EasProtocolVersion Version => Line.ProtocolVersion;

    /// The decoded WBXML request, or null when the body was empty or not WBXML.
    internal WbxmlElement? Request { get; init; }

    /// The raw body when it is not WBXML (message/rfc822 for 12.1 SendMail), else empty.
    internal ReadOnlyMemory<byte> RawBody { get; init; }

    internal string? ContentType { get; init; }

    /// The client accepts a multipart response (MS-ASAcceptMultiPart header or AcceptMultiPart parameter).
    internal bool AcceptsMultipart { get; init; }

    /// The device's key in protocol state names: its DeviceId, lower-cased (the parser allows only letters and digits).
    internal string DeviceKey => Device.DeviceId.ToLowerInvariant();

    /// Cancelled when the client goes away (Ping and Sync Wait listen to it).
    internal CancellationToken RequestAborted { get; init; }
}
