using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>
/// The bounded hand-off between requests and the background writer. Enqueueing never waits: when the writer has fallen
/// behind by <see cref="ProtocolLogOptions.QueueCapacity"/> lines, the line is dropped and counted.
/// </summary>
internal sealed class ProtocolLogQueue
{
    private readonly Channel<ProtocolLogRecord> _channel;
    private readonly ProtocolLogMetrics _metrics;
    private long _dropped;

    public ProtocolLogQueue(IOptions<ProtocolLogOptions> options, ProtocolLogMetrics metrics)
    {
        _metrics = metrics;
        // FullMode Wait makes TryWrite answer false when full (DropWrite would report success), so drops can be counted.
        _channel = Channel.CreateBounded<ProtocolLogRecord>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public ChannelReader<ProtocolLogRecord> Reader => _channel.Reader;

    /// <summary>Lines dropped since start because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool TryEnqueue(ProtocolLogRecord record)
    {
        if (_channel.Writer.TryWrite(record))
        {
            return true;
        }
        Interlocked.Increment(ref _dropped);
        _metrics.Dropped();
        return false;
    }

    public void Complete() => _channel.Writer.TryComplete();
}
