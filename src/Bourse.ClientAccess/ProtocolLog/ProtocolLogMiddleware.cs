using System.Diagnostics;
using System.Security.Claims;
using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>
/// The first middleware: opens the request's <see cref="ProtocolLogEntry"/> and "Bourse" span, counts bytes in and out,
/// and when the response is done hands one <see cref="ProtocolLogRecord"/> to the background writer (never waiting for it)
/// and records the request metrics.
/// </summary>
internal sealed class ProtocolLogMiddleware(
    RequestDelegate next,
    ProtocolLogQueue queue,
    ProtocolLogMetrics metrics,
    IOptionsMonitor<ProtocolLogOptions> options,
    TimeProvider time)
{
    public const string LocalBackend = "local";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var entry = new ProtocolLogEntry(context.TraceIdentifier, time.GetUtcNow(), time);
        context.Features.Set(entry);

        var request = context.Request;
        using var activity = BourseTelemetry.Source.StartActivity(request.Method, ActivityKind.Server);

        var requestBody = new ByteCountingStream(request.Body);
        request.Body = requestBody;
        var originalBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        var responseCounter = new ByteCountingStream(originalBody.Stream);
        var responseBody = new StreamResponseBodyFeature(responseCounter, originalBody);
        context.Features.Set<IHttpResponseBodyFeature>(responseBody);

        var failed = false;
        try
        {
            await next(context);
            await responseBody.CompleteAsync();
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            context.Features.Set(originalBody);
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var record = Build(context, entry, status, time.GetElapsedTime(started), requestBody.Count, responseCounter.Count, activity);
            Annotate(activity, record);
            metrics.Record(record.Protocol ?? nameof(ClientAccessProtocol.Unknown), status, time.GetElapsedTime(started));
            if (options.CurrentValue.Enabled)
            {
                queue.TryEnqueue(record);
            }
        }
    }

    private static ProtocolLogRecord Build(HttpContext context, ProtocolLogEntry entry, int status, TimeSpan duration, long bytesIn, long bytesOut,
        Activity? activity)
    {
        var request = context.Request;
        var tls = context.Features.Get<ITlsHandshakeFeature>();
        var user = context.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        var userName = signedIn ? user.GetPrimarySmtpAddress() ?? user.Identity!.Name : null;
        // Routing (when in the pipeline) canonicalized the path once and knows the protocol, explicit-logon target and
        // back end; without it they come from the path as received.
        var route = context.GetClientAccessRoute();
        var path = route is not null ? route.Path : request.PathBase + request.Path;
        var protocol = entry.Protocol ?? LogNames.Protocol(route is not null ? route.Protocol : ProtocolAuthPolicies.ForPath(request.Path).Protocol);
        var backend = entry.Backend ?? (route?.Destination?.Backend is { } uri ? uri.Authority : null);
        return new ProtocolLogRecord
        {
            Timestamp = entry.Timestamp,
            RequestId = entry.RequestId,
            TraceId = activity?.TraceId.ToHexString(),
            ClientIp = context.Connection.RemoteIpAddress?.ToString(),
            TlsProtocol = tls is null ? null : LogNames.TlsProtocol(tls.Protocol),
            TlsCipher = tls?.NegotiatedCipherSuite is { } cipher ? LogNames.CipherSuite(cipher) : null,
            Method = ProtocolLogRedactor.Clean(request.Method, 16),
            Path = ProtocolLogRedactor.Clean(path.Value ?? "/", 1024),
            Query = ProtocolLogRedactor.RedactQuery(request.QueryString),
            Protocol = ProtocolLogRedactor.Clean(protocol, 32),
            Command = ProtocolLogRedactor.Clean(entry.Command, 64) ?? ProtocolCommandSniffer.Sniff(request),
            User = ProtocolLogRedactor.Clean(userName, 320),
            AuthMethod = signedIn ? ProtocolLogRedactor.Clean(user.GetAuthMethod() ?? user.Identity!.AuthenticationType, 32) : null,
            Mailbox = ProtocolLogRedactor.Clean(entry.Mailbox ?? route?.Target?.Value, 320) ?? (signedIn ? user.GetPrimarySmtpAddress() : null),
            Backend = ProtocolLogRedactor.Clean(backend, 256) ?? LocalBackend,
            HandlerMs = Milliseconds(entry.HandlerTime),
            StoreMs = Milliseconds(entry.StoreTime),
            DurationMs = Math.Round(duration.TotalMilliseconds, 3),
            Status = status,
            BytesIn = bytesIn,
            BytesOut = bytesOut,
            UserAgent = ProtocolLogRedactor.Clean(request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null, 256),
        };
    }

    private static double? Milliseconds(TimeSpan? value) => value is { } v ? Math.Round(v.TotalMilliseconds, 3) : null;

    private static void Annotate(Activity? activity, ProtocolLogRecord record)
    {
        if (activity is null)
        {
            return;
        }
        activity.DisplayName = record.Command is null ? $"{record.Method} {record.Protocol}" : $"{record.Protocol} {record.Command}";
        // OpenTelemetry semantic conventions for HTTP servers, then Bourse's own attributes.
        activity.SetTag("http.request.method", record.Method);
        activity.SetTag("url.path", record.Path);
        activity.SetTag("url.query", record.Query);
        activity.SetTag("client.address", record.ClientIp);
        activity.SetTag("http.response.status_code", record.Status);
        activity.SetTag("http.request.body.size", record.BytesIn);
        activity.SetTag("http.response.body.size", record.BytesOut);
        activity.SetTag("tls.protocol.version", record.TlsProtocol);
        activity.SetTag("tls.cipher", record.TlsCipher);
        activity.SetTag("user_agent.original", record.UserAgent);
        activity.SetTag("enduser.id", record.User);
        activity.SetTag("bourse.request_id", record.RequestId);
        activity.SetTag("bourse.protocol", record.Protocol);
        activity.SetTag("bourse.command", record.Command);
        activity.SetTag("bourse.auth_method", record.AuthMethod);
        activity.SetTag("bourse.mailbox", record.Mailbox);
        activity.SetTag("bourse.backend", record.Backend);
        activity.SetTag("bourse.handler_ms", record.HandlerMs);
        activity.SetTag("bourse.store_ms", record.StoreMs);
        if (record.Status >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
