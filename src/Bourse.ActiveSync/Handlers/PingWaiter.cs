using Bourse.Core.Ids;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// One held Ping's view of its mailbox's change notifications: it is subscribed to every commit (so no commit's folders are
/// lost when several arrive together, which a single "next change" wait would merge into the last one) and marks the
/// watched folders each commit touched. The handler awaits <see cref="WaitAsync"/>: a task, no thread. A few hundred bytes.
/// </summary>
internal sealed class PingWaiter
{
    private readonly FolderId[] _watched;
    private readonly bool[] _hit;
    private readonly Lock _gate = new();
    private TaskCompletionSource<bool> _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _hierarchy;
    private bool _ended;

    internal PingWaiter(FolderId[] watched)
    {
        _watched = watched;
        _hit = new bool[watched.Length];
    }

    /// Called by the notifier on the committing thread: only marks and signals.
    internal void OnChange(MailboxChange change)
    {
        TaskCompletionSource<bool>? signal = null;
        lock (_gate)
        {
            var any = change.HierarchyChanged;
            _hierarchy |= change.HierarchyChanged;
            foreach (var folder in change.Folders)
            {
                var i = Array.IndexOf(_watched, folder);
                if (i >= 0)
                {
                    _hit[i] = true;
                    any = true;
                }
            }

            if (any && !_ended)
                signal = _signal;
        }

        signal?.TrySetResult(true);
    }

    /// Ends the wait: the heartbeat passed, a newer Ping of the device took over, or the client left.
    internal void End()
    {
        TaskCompletionSource<bool> signal;
        lock (_gate)
        {
            _ended = true;
            signal = _signal;
        }

        signal.TrySetResult(false);
    }

    /// True when a watched folder (or the hierarchy) was touched since the last <see cref="Take"/>; false when the wait ended.
    internal Task<bool> WaitAsync()
    {
        lock (_gate)
            return _ended ? Task.FromResult(false) : _signal.Task;
    }

    /// The indexes of the watched folders touched since the last call, and whether the hierarchy changed; re-arms the wait.
    internal (List<int> Folders, bool Hierarchy) Take()
    {
        lock (_gate)
        {
            var folders = new List<int>();
            for (var i = 0; i < _hit.Length; i++)
            {
                if (_hit[i])
                {
                    folders.Add(i);
                    _hit[i] = false;
                }
            }

            var hierarchy = _hierarchy;
            _hierarchy = false;
            if (!_ended && _signal.Task.IsCompleted)
                _signal = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return (folders, hierarchy);
        }
    }
}
