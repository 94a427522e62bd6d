using System.Diagnostics;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox;
using Bourse.Storage;
using MimeKit.Utils;

namespace Bourse.Server.Import;

/// <summary>
/// Imports messages into a mailbox in batches through <see cref="IMailStore.CreateItemsAsync"/>: each batch is one
/// transaction, so an interrupted import leaves whole items only, and a re-run skips what is already there (by MIME
/// digest). Mapping of the next batch overlaps the commit of the previous one.
/// </summary>
internal sealed class MailImporter(IMailStore store, TimeProvider time, long maxMessageBytes)
{
    public const int BatchCount = 100;
    public const long BatchBytes = 8L * 1024 * 1024;

    private readonly Dictionary<FolderId, HashSet<string>> _digests = [];

    /// <param name="progress">Called after each message read with the source position and the report so far.</param>
    public async Task<ImportReport> ImportAsync(MailboxId mailbox, ImportFolders folders, IAsyncEnumerable<ImportMessage> source,
        Action<long, ImportReport>? progress, CancellationToken ct)
    {
        var report = new ImportReport();
        var clock = Stopwatch.StartNew();
        var batch = new List<Pending>();
        long batchBytes = 0;
        Folder? batchFolder = null;
        // Three stages overlap: this loop reads the next batch while the one before is mapped on the free cores and the
        // one before that is written. Batches are handed to the store in order (which writes them in the order it gets
        // them), so items keep the source's order. Small batches keep what is in flight young: the garbage collector
        // copies whatever lives across a collection, and a thousand mapped messages waiting for the writer would be.
        Task? last = null, beforeLast = null;
        Task submitted = Task.CompletedTask;

        async Task FlushAsync()
        {
            if (beforeLast is not null)
                await beforeLast;
            var handedOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (beforeLast, last) = (last, MapAndCommitAsync(mailbox, folders.PathOf(batchFolder!), batchFolder!, _digests[batchFolder!.Id], batch,
                submitted, handedOver, report));
            submitted = handedOver.Task;
            batch = [];
            batchBytes = 0;
        }

        try
        {
            await foreach (var message in source.WithCancellation(ct))
            {
                var pending = await PrepareAsync(mailbox, folders, message, report, ct);
                if (pending is not null)
                {
                    if (batch.Count > 0 && (pending.Folder.Id != batchFolder!.Id || batch.Count >= BatchCount || batchBytes + pending.Mime.Length > BatchBytes))
                        await FlushAsync();
                    batchFolder = pending.Folder;
                    batch.Add(pending);
                    batchBytes += pending.Mime.Length;
                }
                progress?.Invoke(message.Position, report);
            }
            if (batch.Count > 0)
                await FlushAsync();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            report.Cancelled = true;
        }
        // A started batch commits as a whole; cancellation is honoured between batches. Both batches still in flight
        // are awaited: each records its results in the report when its own write completes.
        await Task.WhenAll(new[] { beforeLast, last }.OfType<Task>());
        report.Elapsed = clock.Elapsed;
        return report;
    }

    /// <summary>
    /// A message on its way to the store. <paramref name="Mime"/> is what is stored: the message with CRLF line ends
    /// (<see cref="LineEnds"/>). The source's own bytes are not kept: when they differ, they die young instead of waiting
    /// beside the stored form for the writer.
    /// </summary>
    private sealed record Pending(ReadOnlyMemory<byte> Mime, long SourceBytes, string Origin, DateTime? FallbackDateUtc, bool? IsRead, Folder Folder,
        byte[] Digest, string DigestKey, HeaderScan Headers);

    private async ValueTask<Pending?> PrepareAsync(MailboxId mailbox, ImportFolders folders, ImportMessage message, ImportReport report, CancellationToken ct)
    {
        if (message.Problem is not null)
        {
            report.AddBad(message.Origin, message.Problem);
            return null;
        }
        if (message.Mime.IsEmpty)
        {
            report.AddBad(message.Origin, "empty message");
            return null;
        }
        if (message.Mime.Length > maxMessageBytes)
        {
            report.AddBad(message.Origin, $"{message.Mime.Length} bytes is more than the {maxMessageBytes}-byte message size limit");
            return null;
        }
        var headers = HeaderScan.Scan(message.Mime.Span);
        if (!headers.HasHeader)
        {
            report.AddBad(message.Origin, "no header section (the message does not start with a header field)");
            return null;
        }
        var (folder, problem) = await folders.ResolveAsync(message.FolderPath, ct);
        if (folder is null)
        {
            report.AddBad(message.Origin, problem!);
            return null;
        }
        // The digest is of the bytes as the source has them, so an import re-run finds what an earlier one stored.
        var digest = ImportDigest.Compute(message.Mime.Span);
        var key = ImportDigest.ToKey(digest);
        var existing = await GetDigestsAsync(mailbox, folder, ct);
        bool added;
        lock (existing)
            added = existing.Add(key);
        if (!added)
        {
            report.AddSkipped(message.Origin, $"an identical message is already in {folders.PathOf(folder)}");
            return null;
        }
        return new Pending(LineEnds.ToCrLf(message.Mime), message.Mime.Length, message.Origin, message.FallbackDateUtc, message.IsRead, folder,
            digest, key, headers);
    }

    /// <summary>
    /// Maps <paramref name="batch"/> on all cores, hands it to the store once the previous batch has been
    /// (<paramref name="previous"/>), says so (<paramref name="handedOver"/>), and records what the store made of it.
    /// </summary>
    private Task MapAndCommitAsync(MailboxId mailbox, string path, Folder folder, HashSet<string> digests, List<Pending> batch, Task previous,
        TaskCompletionSource handedOver, ImportReport report) =>
        Task.Run(async () =>
        {
            Task<IReadOnlyList<StoreResult<ItemId>>> written;
            try
            {
                var now = time.GetUtcNow().UtcDateTime;
                var items = new NewItem[batch.Count];
                Parallel.For(0, batch.Count, i => items[i] = BuildItem(batch[i], now));
                await previous;
                // Not cancellable: a started batch commits as a whole. The store takes its place in line on this call.
                written = store.CreateItemsAsync(mailbox, folder.Id, items, CancellationToken.None).AsTask();
            }
            finally
            {
                handedOver.TrySetResult();
            }
            var results = await written;
            lock (report)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var result = i < results.Count ? results[i] : StoreResult<ItemId>.Fail(StoreError.InvalidArgument, "the store returned no result");
                    if (result.IsSuccess)
                    {
                        report.Imported++;
                        report.Bytes += batch[i].SourceBytes;
                        report.ImportedByFolder[path] = report.ImportedByFolder.GetValueOrDefault(path) + 1;
                    }
                    else
                    {
                        lock (digests)
                            digests.Remove(batch[i].DigestKey);
                        report.AddBad(batch[i].Origin, $"the store refused it: {result.Message ?? result.Error.ToString()}");
                    }
                }
            }
        });

    private static NewItem BuildItem(Pending pending, DateTime now)
    {
        var item = MimeItemMapper.Map(pending.Mime);
        var bag = item.Properties;
        var date = pending.Headers.Date is { } d && DateUtils.TryParse(d, out var parsed) ? parsed.UtcDateTime
            : pending.FallbackDateUtc ?? now;
        bag.Set(PropTags.MessageDeliveryTime, date);
        var read = pending.IsRead ?? pending.Headers.IsMarkedRead;
        var flags = (MessageFlags)(bag.GetInt32(PropTags.MessageFlags) ?? 0);
        flags = read ? flags | MessageFlags.Read : flags & ~MessageFlags.Read;
        bag.Set(PropTags.MessageFlags, (int)flags);
        bag.Set(ImportDigest.Key, PropertyValue.Binary(pending.Digest));
        return item;
    }

    /// <summary>The digests of items already imported into a folder (loaded once, only when the folder is not empty).</summary>
    private async ValueTask<HashSet<string>> GetDigestsAsync(MailboxId mailbox, Folder folder, CancellationToken ct)
    {
        if (_digests.TryGetValue(folder.Id, out var set))
            return set;
        set = new HashSet<string>(StringComparer.Ordinal);
        var current = await store.GetFolderAsync(mailbox, folder.Id, ct);
        if (current is { TotalCount: > 0 })
        {
            for (var offset = 0; ; offset += 500)
            {
                var page = await store.ListItemsAsync(mailbox, folder.Id,
                    new ItemQuery { SortBy = ItemSortField.EntryOrder, Descending = false, Offset = offset, Limit = 500 }, ct);
                foreach (var summary in page.Items)
                {
                    var item = await store.GetItemAsync(mailbox, summary.Id, ct);
                    if (item?.Properties.GetBinary(ImportDigest.Key) is { } digest)
                        set.Add(ImportDigest.ToKey(digest));
                }
                if (page.Items.Count < 500)
                    break;
            }
        }
        _digests[folder.Id] = set;
        return set;
    }
}
