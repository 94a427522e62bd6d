using System.Text;
using Bourse.ClientAccess.ProtocolLog;
using Bourse.ClientAccess.Tests.Infrastructure;

namespace Bourse.ClientAccess.Tests.ProtocolLog;

public sealed class ProtocolLogFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bourse-plog-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 23, 59, 0, TimeSpan.Zero));

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_directory))
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }

    private static byte[] Line(string text) => Encoding.UTF8.GetBytes(text + "\n");

    private string[] Names() => System.IO.Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void FilesRollOverAtMidnightUtcAndAtTheSizeCap()
    {
        using (var file = new ProtocolLogFile(_directory, new ProtocolLogOptions { MaxFileBytes = 100 }, _time))
        {
            file.Append(Line("{\"a\":1}"));
            _time.Advance(TimeSpan.FromMinutes(2));
            file.Append(Line("{\"a\":2}"));
            file.Append(Line(new string('x', 90)));
            file.Append(Line("{\"a\":3}"));
        }
        Assert.Equal(["protocol-20250601.jsonl", "protocol-20250602.1.jsonl", "protocol-20250602.jsonl"], Names());
        Assert.Equal("{\"a\":1}\n", File.ReadAllText(Path.Combine(_directory, "protocol-20250601.jsonl")));
        Assert.StartsWith("{\"a\":2}\n", File.ReadAllText(Path.Combine(_directory, "protocol-20250602.jsonl")), StringComparison.Ordinal);
        Assert.Equal("{\"a\":3}\n", File.ReadAllText(Path.Combine(_directory, "protocol-20250602.1.jsonl")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(_directory, "protocol-20250601.jsonl")) & UnixFileMode.OtherRead);
        }
    }

    [Fact]
    public void ARestartAppendsToTheDaysLastFile()
    {
        using (var file = new ProtocolLogFile(_directory, new ProtocolLogOptions { MaxFileBytes = 10 }, _time))
        {
            file.Append(Line("12345678"));
            file.Append(Line("abcdefgh"));
        }
        using (var file = new ProtocolLogFile(_directory, new ProtocolLogOptions { MaxFileBytes = 100 }, _time))
        {
            file.Append(Line("again"));
        }
        Assert.Equal("abcdefgh\nagain\n", File.ReadAllText(Path.Combine(_directory, "protocol-20250601.1.jsonl")));
    }

    [Fact]
    public void OldFilesAreDeletedByAgeAndByTotalSize()
    {
        using (var file = new ProtocolLogFile(_directory, new ProtocolLogOptions { RetainDays = 2, MaxTotalBytes = 0 }, _time))
        {
            for (var day = 0; day < 5; day++)
            {
                file.Append(Line("day" + day));
                _time.Advance(TimeSpan.FromDays(1));
            }
        }
        Assert.Equal(["protocol-20250604.jsonl", "protocol-20250605.jsonl"], Names());

        using (var file = new ProtocolLogFile(_directory, new ProtocolLogOptions { RetainDays = 0, MaxTotalBytes = 12, MaxFileBytes = 1000 }, _time))
        {
            file.Append(Line("today"));
            _time.Advance(TimeSpan.FromDays(1));
            file.Append(Line("tomorrow"));
        }
        // Checked when a file is started: then 04+05+06 (16 bytes) exceeded 12, so the oldest went.
        Assert.Equal(["protocol-20250605.jsonl", "protocol-20250606.jsonl", "protocol-20250607.jsonl"], Names());
    }

    [Fact]
    public void AFullQueueDropsAndCountsInsteadOfWaiting()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.MetricsServiceExtensions.AddMetrics(services);
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var meters = (System.Diagnostics.Metrics.IMeterFactory)provider.GetService(typeof(System.Diagnostics.Metrics.IMeterFactory))!;
        long dropped = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "bourse.protocol_log.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();

        var queue = new ProtocolLogQueue(Microsoft.Extensions.Options.Options.Create(new ProtocolLogOptions { QueueCapacity = 2 }), new ProtocolLogMetrics(meters));
        Assert.True(queue.TryEnqueue(new ProtocolLogRecord()));
        Assert.True(queue.TryEnqueue(new ProtocolLogRecord()));
        Assert.False(queue.TryEnqueue(new ProtocolLogRecord()));
        Assert.False(queue.TryEnqueue(new ProtocolLogRecord()));
        Assert.Equal(2, queue.Dropped);
        Assert.Equal(2, Interlocked.Read(ref dropped));
    }
}
