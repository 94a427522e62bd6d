using System.Buffers;
using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Handlers;
using Bourse.ActiveSync.Protocol;
using Bourse.Directory;
using Bourse.Directory.Devices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.ActiveSync.Http;

/// <summary>
/// HTTP glue for /Microsoft-Server-ActiveSync (MS-ASHTTP): OPTIONS, and POST of a command — request line, caller and
/// device checks (blocked, quarantined, wipe pending, not provisioned), body, dispatch to the command's handler, answer.
/// </summary>
internal sealed partial class ActiveSyncEndpoint(
    IDirectory directory,
    IDeviceDirectory devices,
    IEnumerable<IEasCommandHandler> handlers,
    IOptions<ActiveSyncOptions> options,
    ILogger<ActiveSyncEndpoint> log)
{
    internal const string WbxmlContentType = "application/vnd.ms-sync.wbxml";

    private readonly Dictionary<EasCommand, IEasCommandHandler> _handlers = handlers.ToDictionary(h => h.Command);

    private EasOptionsResponse? _optionsResponse;

    /// The OPTIONS answer lists only the commands that have a handler.
    internal EasOptionsResponse OptionsResponse => _optionsResponse ??=
        EasOptionsResponse.Create(EasProtocolVersions.Supported, EasCommands.All.Where(_handlers.ContainsKey));

    public Task OptionsAsync(HttpContext context)
    {
        // MS-ASHTTP 3.2.5.1: OPTIONS answers 200 with the versions and commands the server supports.
        foreach (var header in OptionsResponse.Headers)
            context.Response.Headers[header.Key] = header.Value;
        context.Response.Headers.CacheControl = "private";
        context.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    public async Task PostAsync(HttpContext context)
    {
        // Two steps: the checks' frame has returned before the command runs, so a request that is held (Ping, a waiting Sync)
        // keeps only what its handler keeps — not the request line, header copies, body or decoded document the checks used.
        var result = await DispatchAsync(await PrepareAsync(context));
        await WriteAsync(context, result);
    }

    /// The command to run with its request, or the answer that refuses it.
    private async Task<EasPrepared> PrepareAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        if (EasCaller.MailboxOf(context.User) is not { } mailbox)
            return new EasResult.Http(StatusCodes.Status401Unauthorized);

        var parsed = EasRequestParser.Parse(context.Request.QueryString.Value, LineHeaders(context.Request.Headers));
        if (parsed.Line is not { } line)
        {
            LogRejectedLine(log, parsed.Error);
            // MS-ASHTTP 2.2.2.1.1: 501, the server does not support the functionality the request asks for — a command it does
            // not know; every other malformed request line is a 400.
            return new EasResult.Http(parsed.Error == EasRequestLineError.UnknownCommand
                ? StatusCodes.Status501NotImplemented
                : StatusCodes.Status400BadRequest);
        }

        if (!_handlers.TryGetValue(line.Command, out var handler))
        {
            // MS-ASHTTP 3.2.5.1: 501 Not Implemented for a command the server does not support.
            return new EasResult.Http(StatusCodes.Status501NotImplemented);
        }

        var user = await directory.GetUserAsync(mailbox, ct);
        if (user is null || !user.Enabled)
            return new EasResult.Http(StatusCodes.Status403Forbidden);

        // The User parameter names whose mailbox the device syncs; it must be the signed-in user (when it resolves at all —
        // devices send bare account names too).
        if (!string.IsNullOrEmpty(line.User) && await ResolveLoginAsync(line.User, ct) is { } named && named.MailboxId != mailbox)
            return new EasResult.Http(StatusCodes.Status403Forbidden);

        var o = options.Value;
        var body = await ReadBodyAsync(context.Request, o.MaxRequestBytes, ct);
        if (body is null)
            return new EasResult.Http(StatusCodes.Status413PayloadTooLarge);

        var contact = new DeviceContact(line.DeviceId, line.DeviceType, context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null,
            EasProtocolVersions.ToText(line.ProtocolVersion));
        var device = await devices.RecordContactAsync(mailbox, contact,
            o.QuarantineNewDevices ? DeviceAccessState.Quarantined : DeviceAccessState.Allowed, ct);

        var modern = line.ProtocolVersion >= EasProtocolVersion.V14_0;
        var gate = Gate(line, handler, device, o);
        if (gate is { } refusal)
        {
            LogRefused(log, line.DeviceId, EasCommands.Name(line.Command), refusal);
            return refusal switch
            {
                // MS-ASCMD 2.2.2: 14.0 and later carry these as the command's top-level Status; 12.1 only knows HTTP.
                EasStatus.DeviceIsBlockedForThisUser => modern ? EasResponses.Status(line.Command, refusal) : new EasResult.Http(StatusCodes.Status403Forbidden),
                _ => modern ? EasResponses.Status(line.Command, refusal) : new EasResult.Http(449),
            };
        }

        WbxmlElement? request = null;
        var contentType = context.Request.ContentType;
        var raw = handler.AcceptsRawBody && contentType is not null && contentType.StartsWith("message/rfc822", StringComparison.OrdinalIgnoreCase);
        if (body.Length == 0)
        {
            if (!handler.AllowsEmptyBody)
                return modern ? EasResponses.Status(line.Command, EasStatus.InvalidContent) : new EasResult.Http(StatusCodes.Status400BadRequest);
        }
        else if (!raw)
        {
            var decoded = WbxmlDecoder.Decode(body);
            if (decoded.Root is null)
            {
                LogBadWbxml(log, line.DeviceId, EasCommands.Name(line.Command), decoded.Error, decoded.Offset);
                return modern ? EasResponses.Status(line.Command, EasStatus.InvalidWbxml) : new EasResult.Http(StatusCodes.Status400BadRequest);
            }

            if (EasResponses.Root(line.Command) is { } root && (decoded.Root.Namespace != root.Namespace || decoded.Root.Name != root.Name))
                return modern ? EasResponses.Status(line.Command, EasStatus.InvalidXml) : new EasResult.Http(StatusCodes.Status400BadRequest);
            request = decoded.Root;
        }

        return new EasPrepared(null, handler, new EasRequestContext
        {
            Line = line,
            User = user,
            Device = device,
            Request = request,
            RawBody = raw ? body : ReadOnlyMemory<byte>.Empty,
            ContentType = contentType,
            AcceptsMultipart = line.Parameters.AcceptMultiPart ||
                               string.Equals(context.Request.Headers[EasRequestParser.AcceptMultiPartHeader].ToString(), "T", StringComparison.OrdinalIgnoreCase),
            RequestAborted = ct,
        });
    }

    /// Starts the command; from here on only the handler holds the request context (and lets go of it when it no longer needs it).
    private Task<EasResult> DispatchAsync(EasPrepared prepared)
    {
        if (prepared.Refusal is { } refusal)
            return Task.FromResult(refusal);
        var request = prepared.Request!;
        var line = request.Line;
        var modern = line.ProtocolVersion >= EasProtocolVersion.V14_0;
        var ct = request.RequestAborted;
        ValueTask<EasResult> running;
        try
        {
            running = prepared.Handler!.HandleAsync(request, ct);
        }
        catch (Exception e)
        {
            return Task.FromResult(Failed(e, line.Command, line.DeviceId, modern, ct));
        }

        return CompleteAsync(running, line.Command, line.DeviceId, modern, ct);
    }

    private async Task<EasResult> CompleteAsync(ValueTask<EasResult> running, EasCommand command, string deviceId, bool modern, CancellationToken ct)
    {
        try
        {
            var result = await running;
            // Encoded here, inside the guard: a document the encoder refuses is a server error answered in the protocol.
            if (result is EasResult.Document document)
            {
                var writer = new ArrayBufferWriter<byte>(4096);
                WbxmlEncoder.Encode(document.Root, writer);
                return new EasResult.Raw(writer.WrittenMemory, WbxmlContentType);
            }

            return result;
        }
        catch (Exception e)
        {
            return Failed(e, command, deviceId, modern, ct);
        }
    }

    private EasResult Failed(Exception e, EasCommand command, string deviceId, bool modern, CancellationToken ct)
    {
        if (e is OperationCanceledException && ct.IsCancellationRequested)
            return new EasResult.Empty();
        LogHandlerFailed(log, e, EasCommands.Name(command), deviceId);
        // MS-ASCMD 2.2.2: 111 ServerErrorRetryLater; a 12.1 device only understands an HTTP 500.
        return modern ? EasResponses.Status(command, EasStatus.ServerErrorRetryLater) : new EasResult.Http(StatusCodes.Status500InternalServerError);
    }

    /// What <see cref="PrepareAsync"/> found: the answer that refuses the request, or the handler and the request to run.
    private readonly record struct EasPrepared(EasResult? Refusal, IEasCommandHandler? Handler, EasRequestContext? Request)
    {
        public static implicit operator EasPrepared(EasResult refusal) => new(refusal, null, null);
    }

    /// Why the device may not run this command now, as an MS-ASCMD status, or null when it may.
    private static int? Gate(EasRequestLine line, IEasCommandHandler handler, DevicePartnership device, ActiveSyncOptions o)
    {
        // MS-ASPROV 3.2.5.2: a pending remote wipe is delivered through Provision (even to a blocked device), so every other
        // command sends the device there.
        if (device.IsWipePending)
            return handler.AllowedBeforeProvisioning ? null : EasStatus.RemoteWipeRequested;
        if (device.Access == DeviceAccessState.Blocked)
            return EasStatus.DeviceIsBlockedForThisUser;
        if (handler.AllowedBeforeProvisioning)
            return null;
        // A quarantined device may provision and then waits: every other command is refused as for a blocked device.
        if (device.Access == DeviceAccessState.Quarantined)
            return EasStatus.DeviceIsBlockedForThisUser;
        if (device.Wipe is DeviceWipeStatus.WipeAcknowledged or DeviceWipeStatus.AccountOnlyWipeAcknowledged)
            return EasStatus.DeviceIsBlockedForThisUser;
        if (!o.RequireProvisioning)
            return null;
        // MS-ASPROV 3.2.5.1: no key (or 0) is "not provisioned"; a key other than the acknowledged one is "invalid key".
        if (line.PolicyKey is null or 0)
            return EasStatus.DeviceNotProvisioned;
        if (device.PolicyAppliedUtc is null || device.PolicyKey != line.PolicyKey)
            return EasStatus.InvalidPolicyKey;
        return null;
    }

    /// The headers that complete the request line (MS-ASHTTP 2.2.1.1.2), and only those: enumerating all of them would keep
    /// an enumerator on the connection's header collection for as long as it lives.
    private static Dictionary<string, string> LineHeaders(IHeaderDictionary headers)
    {
        var line = new Dictionary<string, string>(3, StringComparer.OrdinalIgnoreCase);
        foreach (var name in (ReadOnlySpan<string>)[EasRequestParser.ProtocolVersionHeader, EasRequestParser.PolicyKeyHeader, EasRequestParser.AcceptMultiPartHeader])
        {
            if (headers.TryGetValue(name, out var value))
                line[name] = value.ToString();
        }

        return line;
    }

    private async ValueTask<DirectoryUser?> ResolveLoginAsync(string login, CancellationToken ct) =>
        await directory.FindUserByLoginAsync(login, ct) ?? await directory.FindUserByAddressAsync(login, ct);

    /// The whole body, or null when it is larger than the limit.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength is { } declared && declared > limit)
            return null;
        using var buffer = new MemoryStream(request.ContentLength is { } n ? (int)n : 256);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit)
                    return null;
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, EasResult result)
    {
        var response = context.Response;
        if (response.HasStarted)
            return;
        // MS-ASHTTP 2.2.2.2: every response names the server's ActiveSync version.
        response.Headers["MS-Server-ActiveSync"] = EasOptionsResponse.ServerVersion;
        response.Headers.CacheControl = "private";
        switch (result)
        {
            case EasResult.Document document:
            {
                var writer = new ArrayBufferWriter<byte>(1024);
                WbxmlEncoder.Encode(document.Root, writer);
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = WbxmlContentType;
                response.ContentLength = writer.WrittenCount;
                await response.Body.WriteAsync(writer.WrittenMemory, context.RequestAborted);
                break;
            }

            case EasResult.Raw raw:
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = raw.ContentType;
                response.ContentLength = raw.Body.Length;
                await response.Body.WriteAsync(raw.Body, context.RequestAborted);
                break;
            case EasResult.Http http:
                response.StatusCode = http.StatusCode;
                foreach (var h in http.Headers ?? [])
                    response.Headers[h.Key] = h.Value;
                response.ContentLength = 0;
                break;
            default:
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentLength = 0;
                break;
        }
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "ActiveSync request line rejected: {Error}")]
    private static partial void LogRejectedLine(ILogger logger, EasRequestLineError error);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "ActiveSync device {DeviceId} refused for {Command}: status {Status}")]
    private static partial void LogRefused(ILogger logger, string deviceId, string command, int status);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "ActiveSync {Command} from {DeviceId}: WBXML rejected ({Error} at byte {Offset})")]
    private static partial void LogBadWbxml(ILogger logger, string deviceId, string command, WbxmlError error, int offset);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Error, Message = "ActiveSync {Command} from {DeviceId} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception error, string command, string deviceId);
}
