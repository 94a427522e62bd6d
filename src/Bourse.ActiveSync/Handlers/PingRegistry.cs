using System.Collections.Concurrent;
using Bourse.Core.Ids;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// The Pings held in this process, one per (mailbox, device): a new Ping from the same device ends the one it supersedes.
/// An entry lives only while its Ping is held (one dictionary slot and the Ping's own cancellation source).
/// </summary>
internal sealed class PingRegistry
{
    private readonly ConcurrentDictionary<(MailboxId Mailbox, string Device), CancellationTokenSource> _held = new();

    internal int Count => _held.Count;

    /// Registers a held Ping and cancels the one of the same device it replaces.
    internal void Enter(MailboxId mailbox, string deviceKey, CancellationTokenSource ping)
    {
        var key = (mailbox, deviceKey);
        while (true)
        {
            if (_held.TryGetValue(key, out var older))
            {
                if (!_held.TryUpdate(key, ping, older))
                    continue;
                // Asynchronously: the older request's answer must not be written on this request's thread.
                try
                {
                    _ = older.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // It ended on its own meanwhile.
                }

                return;
            }

            if (_held.TryAdd(key, ping))
                return;
        }
    }

    /// Removes the Ping unless a newer one of the device has taken its place.
    internal void Leave(MailboxId mailbox, string deviceKey, CancellationTokenSource ping) =>
        _held.TryRemove(KeyValuePair.Create((mailbox, deviceKey), ping));
}
