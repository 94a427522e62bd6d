using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>
/// The background writer: takes lines off the queue, writes each to the logger and to the day's file, and flushes the
/// file whenever the queue runs empty. After each drain it pauses for <see cref="CoalesceDelay"/> so that under load it
/// wakes and writes once per batch of lines rather than once per request (a line reaches the file within that pause).
/// On shutdown it drains what was queued.
/// </summary>
internal sealed class ProtocolLogWriter(
    ProtocolLogQueue queue,
    IOptions<ProtocolLogOptions> options,
    ILoggerFactory loggers,
    TimeProvider time) : BackgroundService
{
    /// <summary>The pause after a drain; the queue holds <see cref="ProtocolLogOptions.QueueCapacity"/> lines meanwhile.</summary>
    internal static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(20);

    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly ILogger _lines = loggers.CreateLogger(BourseTelemetry.ProtocolLogCategory);
    private readonly ILogger _log = loggers.CreateLogger("Bourse.ProtocolLog.Writer");
    private long _reportedDrops;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var directory = settings.ResolveLogDirectory();
        using var file = directory is null ? null : new ProtocolLogFile(directory, settings, time);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        var fileBroken = false;
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                fileBroken = Drain(file, buffer, json, settings, fileBroken);
                // A scheduling pause on the real clock (not the log's clock): lines arriving meanwhile are written together.
                await Task.Delay(CoalesceDelay, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Shutdown: write what is already queued.
        Drain(file, buffer, json, settings, fileBroken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await base.StopAsync(cancellationToken);
    }

    private bool Drain(ProtocolLogFile? file, ArrayBufferWriter<byte> buffer, Utf8JsonWriter json, ProtocolLogOptions settings, bool fileBroken)
    {
        var wrote = false;
        while (queue.Reader.TryRead(out var record))
        {
            if (settings.WriteToLogger)
            {
                ProtocolLogMessages.Request(_lines, record.Method, record.Path, record.Protocol, record.Command, record.Status, record.User,
                    record.AuthMethod, record.Mailbox, record.Backend, record.ClientIp, record.TlsProtocol, record.TlsCipher,
                    record.DurationMs, record.HandlerMs, record.StoreMs, record.BytesIn, record.BytesOut, record.RequestId);
            }
            if (file is null)
            {
                continue;
            }
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            JsonSerializer.Serialize(json, record, ProtocolLogJsonContext.Default.ProtocolLogRecord);
            json.Flush();
            buffer.Write(NewLine);
            try
            {
                file.Append(buffer.WrittenSpan);
                wrote = true;
                fileBroken = false;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (!fileBroken)
                {
                    ProtocolLogMessages.FileFailed(_log, file.Directory, ex.Message);
                }
                fileBroken = true;
            }
        }
        if (wrote)
        {
            try
            {
                file!.Flush();
            }
            catch (IOException ex)
            {
                ProtocolLogMessages.FileFailed(_log, file!.Directory, ex.Message);
            }
        }
        var dropped = queue.Dropped;
        if (dropped != _reportedDrops)
        {
            _reportedDrops = dropped;
            ProtocolLogMessages.Dropped(_log, dropped);
        }
        return fileBroken;
    }
}
