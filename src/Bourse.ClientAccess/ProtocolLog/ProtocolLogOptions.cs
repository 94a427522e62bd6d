namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>The protocol log, bound from configuration section "Bourse:ProtocolLog".</summary>
public sealed class ProtocolLogOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Bourse:ProtocolLog";

    /// <summary>Whether requests are logged at all (the OpenTelemetry span and metrics are emitted regardless).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The server's data directory; the files go to its <c>logs</c> folder unless <see cref="LogDirectory"/> is set.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Where the <c>protocol-YYYYMMDD.jsonl</c> files go; overrides <see cref="DataDirectory"/>. No file when neither is set.</summary>
    public string? LogDirectory { get; set; }

    /// <summary>Whether each line also goes to the logger category "Bourse.ProtocolLog" as a structured event.</summary>
    public bool WriteToLogger { get; set; } = true;

    /// <summary>A day's file rolls over to <c>protocol-YYYYMMDD.N.jsonl</c> when it would grow beyond this.</summary>
    public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Days of files kept, today included (older ones are deleted when a new file is started); 0 keeps them all.</summary>
    public int RetainDays { get; set; } = 30;

    /// <summary>The oldest files are deleted when all files together exceed this; 0 means no limit.</summary>
    public long MaxTotalBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Lines waiting for the background writer; beyond it lines are dropped (and counted), never waited for.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Section "OpenTelemetry": the exporter. Nothing leaves the process unless an endpoint is set.</summary>
    public ProtocolLogTelemetryOptions OpenTelemetry { get; set; } = new();

    /// <summary>The folder the files are written to, or null when no file is written.</summary>
    public string? ResolveLogDirectory() =>
        !string.IsNullOrWhiteSpace(LogDirectory) ? LogDirectory
        : !string.IsNullOrWhiteSpace(DataDirectory) ? Path.Combine(DataDirectory, "logs")
        : null;
}
