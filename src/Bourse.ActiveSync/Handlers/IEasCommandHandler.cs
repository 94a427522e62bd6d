using Bourse.ActiveSync.Protocol;

namespace Bourse.ActiveSync.Handlers;

/// One ActiveSync command: decoded request in, result out. Handlers never see HTTP types.
internal interface IEasCommandHandler
{
    EasCommand Command { get; }

    /// True when the command runs before the device has accepted the policy (Provision itself).
    bool AllowedBeforeProvisioning => false;

    /// True when an empty request body is meaningful (Sync and Ping reuse their cached request).
    bool AllowsEmptyBody => false;

    /// True when the body is not WBXML (SendMail/SmartReply/SmartForward in 12.1 carry message/rfc822).
    bool AcceptsRawBody => false;

    ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct);
}
