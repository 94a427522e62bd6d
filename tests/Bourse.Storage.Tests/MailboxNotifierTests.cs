using Bourse.Core.Ids;
using Bourse.Storage;

namespace Bourse.Storage.Tests;

public sealed class MailboxNotifierTests
{
    private static MailboxChange Change(MailboxId m, long cn) => new(m, cn, [new FolderId(3)], false);

    [Fact]
    public async Task WaitCompletesOnThePublishedChange()
    {
        var n = new MailboxNotifier();
        var m = MailboxId.New();
        var wait = n.WaitAsync(m, 0, CancellationToken.None).AsTask();
        Assert.False(wait.IsCompleted);
        n.Publish(Change(MailboxId.New(), 5)); // another mailbox
        Assert.False(wait.IsCompleted);
        n.Publish(Change(m, 1));
        var c = await wait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, c.ChangeNumber);
        Assert.Equal([new FolderId(3)], c.Folders);
    }

    [Fact]
    public async Task WaitIgnoresChangesAtOrBelowTheGivenNumber()
    {
        var n = new MailboxNotifier();
        var m = MailboxId.New();
        var wait = n.WaitAsync(m, 10, CancellationToken.None).AsTask();
        n.Publish(Change(m, 9));
        await Task.Delay(20);
        Assert.False(wait.IsCompleted);
        n.Publish(Change(m, 11));
        Assert.Equal(11, (await wait.WaitAsync(TimeSpan.FromSeconds(5))).ChangeNumber);
    }

    [Fact]
    public async Task WaitCompletesImmediatelyWhenAlreadyPast()
    {
        var n = new MailboxNotifier();
        var m = MailboxId.New();
        n.Publish(Change(m, 7));
        var w = n.WaitAsync(m, 3, CancellationToken.None);
        Assert.True(w.IsCompletedSuccessfully);
        Assert.Equal(7, (await w).ChangeNumber);
        var other = MailboxId.New();
        n.SetKnownChangeNumber(other, 42);
        Assert.Equal(42, n.GetKnownChangeNumber(other));
        var seeded = n.WaitAsync(other, 41, CancellationToken.None);
        Assert.True(seeded.IsCompletedSuccessfully);
        Assert.Equal(42, (await seeded).ChangeNumber);
        Assert.False(n.WaitAsync(other, 42, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task WaitCancelsCleanly()
    {
        var n = new MailboxNotifier();
        var m = MailboxId.New();
        using var cts = new CancellationTokenSource();
        var wait = n.WaitAsync(m, 0, cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        // The notifier still works afterwards.
        var next = n.WaitAsync(m, 0, CancellationToken.None).AsTask();
        n.Publish(Change(m, 1));
        Assert.Equal(1, (await next.WaitAsync(TimeSpan.FromSeconds(5))).ChangeNumber);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => n.WaitAsync(m, 5, new CancellationToken(true)).AsTask());
    }

    [Fact]
    public async Task ManyWaitersAreReleasedByOnePublish()
    {
        var n = new MailboxNotifier();
        var m = MailboxId.New();
        var waits = Enumerable.Range(0, 10_000).Select(_ => n.WaitAsync(m, 0, CancellationToken.None).AsTask()).ToList();
        n.Publish(Change(m, 1));
        var all = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(all, c => Assert.Equal(1, c.ChangeNumber));
    }

    [Fact]
    public void SubscribersAreCalledUntilDisposedAndAFailingOneDoesNotStopOthers()
    {
        var n = new MailboxNotifier();
        var m = MailboxId.New();
        var got = new List<long>();
        using var bad = n.Subscribe(m, _ => throw new InvalidOperationException("boom"));
        var sub = n.Subscribe(m, c => got.Add(c.ChangeNumber));
        n.Publish(Change(m, 1));
        sub.Dispose();
        sub.Dispose();
        n.Publish(Change(m, 2));
        Assert.Equal([1], got);
    }
}
