using System.Runtime.InteropServices;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.Storage.Sqlite;

public sealed partial class SqliteMailStore
{
    private static readonly HashSet<PropertyKey> IndexedTextProperties =
    [
        PropTags.Subject, PropTags.Body, PropTags.SenderName, PropTags.SenderEmailAddress, PropTags.SenderSmtpAddress,
        PropTags.SentRepresentingName, PropTags.SentRepresentingEmailAddress, PropTags.SentRepresentingSmtpAddress,
    ];

    public async ValueTask<StoreResult<Item>> CreateItemAsync(MailboxId mailbox, FolderId folder, NewItem item, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var prepared = await PrepareAsync(item, ct).ConfigureAwait(false);
        if (!prepared.IsSuccess)
            return Fail<Item>(prepared.Error, prepared.Message!);
        var p = prepared.Value;
        var committed = false;
        try
        {
            var written = await WriteAsync(ctx =>
            {
                if (AllocateNewItem(ctx, mailbox, folder.Value, p.Size) is not { } at)
                {
                    return ResolveMailbox(ctx, mailbox) is null
                        ? Fail<(long, long)>(StoreError.MailboxNotFound, "No such mailbox.")
                        : Fail<(long, long)>(StoreError.NotFound, "No such folder.");
                }
                return StoreResult<(long, long)>.Ok(InsertItem(ctx, at.Mailbox, folder.Value, p, at.Cn, at.Id));
            }, ct).ConfigureAwait(false);
            committed = written.IsSuccess;
            if (!written.IsSuccess)
                return Fail<Item>(written.Error, written.Message!);
            // Built here, in the caller's task, so the single writer does not spend its time copying bags.
            var (id, cn) = written.Value;
            return StoreResult<Item>.Ok(new Item(new ItemId(id), folder, cn, p.Bag, p.Recipients,
                p.Attachments.Select(a => new Attachment(a.Number, a.Size, a.Properties)).ToList(), p.Mime is not null, p.Size));
        }
        finally
        {
            if (!committed)
                DiscardStaged(p.Blobs);
        }
    }

    private const int ParallelPrepareThreshold = 16;

    private readonly Lock _batchOrderLock = new();
    private Task _batchOrderTail = Task.CompletedTask;

    /// <remarks>
    /// A batch is prepared (bag serialized, MIME references found, blobs staged) on all cores as soon as it arrives, and
    /// reaches the single writer after every batch asked for before it: an importer can hand over its next batch while the
    /// writer still writes this one, and the items still keep the order they were given in.
    /// </remarks>
    public async ValueTask<IReadOnlyList<StoreResult<ItemId>>> CreateItemsAsync(MailboxId mailbox, FolderId folder, IReadOnlyList<NewItem> items,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_batchOrderLock)
        {
            previous = _batchOrderTail;
            _batchOrderTail = turn.Task;
        }
        var prepared = new StoreResult<PreparedItem>[items.Count];
        var results = new StoreResult<ItemId>[items.Count];
        var ok = false;
        try
        {
            Task<StoreResult<ItemId>[]> written;
            try
            {
                async ValueTask PrepareOne(int i, CancellationToken token) =>
                    prepared[i] = items[i] is null ? StoreResult<PreparedItem>.Fail(StoreError.InvalidArgument, "Null item.") : await PrepareAsync(items[i], token).ConfigureAwait(false);
                if (items.Count >= ParallelPrepareThreshold)
                {
                    await Parallel.ForAsync(0, items.Count, new ParallelOptions { CancellationToken = ct }, PrepareOne).ConfigureAwait(false);
                }
                else
                {
                    for (var i = 0; i < items.Count; i++)
                        await PrepareOne(i, ct).ConfigureAwait(false);
                }
                await previous.ConfigureAwait(false);
                // Queued to the writer here, before the next batch's turn comes.
                written = WriteAsync(ctx =>
                {
                    var r = new StoreResult<ItemId>[prepared.Length];
                    var mb = ResolveMailbox(ctx, mailbox);
                    var folderOk = mb is not null && FolderExists(ctx.Session, mb.Mbx, folder.Value);
                    for (var i = 0; i < prepared.Length; i++)
                    {
                        if (mb is null)
                            r[i] = StoreResult<ItemId>.Fail(StoreError.MailboxNotFound, "No such mailbox.");
                        else if (!folderOk)
                            r[i] = StoreResult<ItemId>.Fail(StoreError.NotFound, "No such folder.");
                        else if (!prepared[i].IsSuccess)
                            r[i] = StoreResult<ItemId>.Fail(prepared[i].Error, prepared[i].Message);
                        else
                            r[i] = new ItemId(InsertItem(ctx, mb, folder.Value, prepared[i].Value).Id);
                    }
                    return r;
                }, null, ct).AsTask();
            }
            finally
            {
                turn.SetResult();
            }
            results = await written.ConfigureAwait(false);
            ok = true;
            return results;
        }
        finally
        {
            for (var i = 0; i < prepared.Length; i++)
            {
                if (prepared[i].IsSuccess && (!ok || !results[i].IsSuccess))
                    DiscardStaged(prepared[i].Value.Blobs);
            }
        }
    }

    public ValueTask<StoreResult<Item>> UpdateItemAsync(MailboxId mailbox, ItemId item, PropertyChanges changes, long? expectedChangeNumber = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var max = _options.MaxMessageBytes;
        return WriteAsync(ctx => ApplyUpdate(ctx, _files, mailbox, item, changes, null, expectedChangeNumber, max), ct);
    }

    public async ValueTask<StoreResult<Item>> UpdateItemAsync(MailboxId mailbox, ItemId item, ItemUpdate update, long? expectedChangeNumber = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var max = _options.MaxMessageBytes;
        if (!update.ChangesRecipientsOrAttachments)
            return await WriteAsync(ctx => ApplyUpdate(ctx, _files, mailbox, item, update.Properties, null, expectedChangeNumber, max), ct).ConfigureAwait(false);
        var prepared = await PrepareUpdateAsync(update, ct).ConfigureAwait(false);
        if (!prepared.IsSuccess)
            return Fail<Item>(prepared.Error, prepared.Message!);
        var parts = prepared.Value;
        var committed = false;
        try
        {
            var result = await WriteAsync(ctx => ApplyUpdate(ctx, _files, mailbox, item, update.Properties, parts, expectedChangeNumber, max), ct)
                .ConfigureAwait(false);
            committed = result.IsSuccess;
            return result;
        }
        finally
        {
            if (!committed)
                DiscardStaged(parts.Blobs);
        }
    }

    public ValueTask<IReadOnlyList<StoreResult<ItemId>>> MoveItemsAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, FolderId destination,
        CancellationToken ct = default) =>
        PerItemAsync(mailbox, items, destination, (ctx, mb, row) =>
        {
            // MS-OXCFXICS 3.2.5.3: a move is a deletion in the source and a creation in the destination for sync.
            if (row.Folder != destination.Value)
                SaveItem(ctx, mb, row, row.DecodeBag(), moveTo: destination.Value, reindex: false, row.SearchText);
            return StoreResult<ItemId>.Ok(new ItemId(row.Id));
        }, ct);

    public ValueTask<IReadOnlyList<StoreResult<ItemId>>> CopyItemsAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, FolderId destination,
        CancellationToken ct = default) =>
        PerItemAsync(mailbox, items, destination, (ctx, mb, row) => StoreResult<ItemId>.Ok(new ItemId(CopyItem(ctx, mb, row, destination.Value))), ct);

    public ValueTask<IReadOnlyList<StoreResult<bool>>> DeleteItemsAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, CancellationToken ct = default) =>
        PerItemAsync(mailbox, items, null, (ctx, mb, row) =>
        {
            DeleteItemRow(ctx, mb, row);
            return StoreResult<bool>.Ok(true);
        }, ct);

    public ValueTask<IReadOnlyList<StoreResult<bool>>> SetReadAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, bool read,
        CancellationToken ct = default) =>
        PerItemAsync(mailbox, items, null, (ctx, mb, row) =>
        {
            if (row.Materialized.IsRead != read)
            {
                var bag = row.DecodeBag();
                var flags = (MessageFlags)(bag.GetInt32(PropTags.MessageFlags) ?? 0);
                // MS-OXCMSG 2.2.1.6: mfRead is the read state; mfEverRead records that it was read once.
                flags = read ? flags | MessageFlags.Read | MessageFlags.EverRead : flags & ~MessageFlags.Read;
                bag.Set(PropTags.MessageFlags, (int)flags);
                SaveItem(ctx, mb, row, bag, moveTo: null, reindex: false, row.SearchText);
            }
            return StoreResult<bool>.Ok(true);
        }, ct);

    public async ValueTask<StoreResult<bool>> SetFlagAsync(MailboxId mailbox, ItemId item, FlagStatus status, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(status))
            return Fail<bool>(StoreError.InvalidArgument, "Unknown flag status.");
        var results = await PerItemAsync(mailbox, [item], null, (ctx, mb, row) =>
        {
            var bag = row.DecodeBag();
            // MS-OXOFLAG 2.2.1.1/2.2.1.3: PidTagFlagStatus absent means not flagged; completion time only when complete.
            if (status == FlagStatus.NotFlagged)
                bag.Remove(PropTags.FlagStatus);
            else
                bag.Set(PropTags.FlagStatus, (int)status);
            if (status == FlagStatus.Complete)
                bag.Set(PropTags.FlagCompleteTime, ctx.Time.GetUtcNow().UtcDateTime);
            else
                bag.Remove(PropTags.FlagCompleteTime);
            SaveItem(ctx, mb, row, bag, moveTo: null, reindex: false, row.SearchText);
            return StoreResult<bool>.Ok(true);
        }, ct).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>One write operation over many items; each item succeeds or fails on its own, nothing is written for a failure.</summary>
    private async ValueTask<IReadOnlyList<StoreResult<T>>> PerItemAsync<T>(MailboxId mailbox, IReadOnlyList<ItemId> items, FolderId? destination,
        Func<WriteContext, MailboxRow, ItemRow, StoreResult<T>> action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(items);
        var ids = items.ToArray();
        return await WriteAsync<IReadOnlyList<StoreResult<T>>>(ctx =>
        {
            var results = new StoreResult<T>[ids.Length];
            var mb = ResolveMailbox(ctx, mailbox);
            var destinationOk = mb is not null && (destination is not { } d || FolderExists(ctx.Session, mb.Mbx, d.Value));
            for (var i = 0; i < ids.Length; i++)
            {
                if (mb is null)
                    results[i] = StoreResult<T>.Fail(StoreError.MailboxNotFound, "No such mailbox.");
                else if (!destinationOk)
                    results[i] = StoreResult<T>.Fail(StoreError.NotFound, "No such destination folder.");
                else if (LoadItem(ctx.Session, mb.Mbx, ids[i].Value) is not { } row)
                    results[i] = StoreResult<T>.Fail(StoreError.NotFound, "No such item.");
                else
                    results[i] = action(ctx, mb, row);
            }
            return results;
        }, null, ct).ConfigureAwait(false);
    }

    // ---- preparing new items (caller side, in parallel) -------------------------------------------

    private async ValueTask<StoreResult<PreparedItem>> PrepareAsync(NewItem item, CancellationToken ct)
    {
        if (item.Mime.Length > _options.MaxMessageBytes)
            return StoreResult<PreparedItem>.Fail(StoreError.MessageTooLarge, "The message is larger than the configured limit.");
        var now = _options.TimeProvider.GetUtcNow().UtcDateTime;
        var bag = item.Properties.Clone();
        var recipients = item.Recipients.Select(r => new Recipient(r.Properties.Clone())).ToList();
        var recipientsBlob = RecipientCodec.Serialize(recipients);
        var attachments = new List<(int Number, PropertyBag Props, byte[] Blob, NewAttachment Source)>();
        long fixedBytes = item.Mime.Length + (recipientsBlob?.Length ?? 0);
        for (var i = 0; i < item.Attachments.Count; i++)
        {
            var a = item.Attachments[i];
            var props = a.Properties.Clone();
            // MS-OXCMSG 2.2.2.6/2.2.2.9: attachment number and size are the store's; by-value unless the creator said otherwise.
            props.Set(PropTags.AttachNumber, i);
            props.Set(PropTags.AttachSize, (int)Math.Min(int.MaxValue, a.Content.Length));
            if (!props.Contains(PropTags.AttachMethod))
                props.Set(PropTags.AttachMethod, (int)AttachMethod.ByValue);
            var blob = PropertyBagSerializer.Serialize(props);
            attachments.Add((i, props, blob, a));
            fixedBytes += blob.Length + a.Content.Length;
        }
        if (fixedBytes > _options.MaxMessageBytes)
            return StoreResult<PreparedItem>.Fail(StoreError.MessageTooLarge, "The message is larger than the configured limit.");

        bag.Set(PropTags.CreationTime, now);
        StampItem(bag, hasAttachments: attachments.Count > 0, now);
        bag.Set(PropTags.ChangeKey, new byte[ChangeKey.Length]);
        bag.Set(PropTags.SourceKey, new byte[ChangeKey.Length]);
        var size = ComputeSize(bag, fixedBytes);
        if (size > _options.MaxMessageBytes)
            return StoreResult<PreparedItem>.Fail(StoreError.MessageTooLarge, "The message is larger than the configured limit.");
        // Serialized here, in the caller's task, so the single writer only appends the two change-number keys. Values the
        // MIME holds verbatim (the body of a plain 8-bit message, the headers) are stored there only (MimeRefs).
        bag.Remove(PropTags.ChangeKey);
        bag.Remove(PropTags.SourceKey);
        var (mimeRefs, taken) = item.Mime.IsEmpty ? (null, null) : MimeRefs.Extract(bag, item.Mime.Span);
        var propsWithoutKeys = PropertyBagSerializer.Serialize(bag);
        MimeRefs.PutBack(bag, taken);

        var staged = new List<StagedBlob>();
        try
        {
            var mime = item.Mime.IsEmpty ? null : await StageAsync(item.Mime, ct).ConfigureAwait(false);
            if (mime is not null)
                staged.Add(mime);
            var prepared = new List<PreparedAttachment>(attachments.Count);
            foreach (var (number, props, blob, source) in attachments)
            {
                var content = source.Content.IsEmpty ? null : await StageAsync(source.Content, ct).ConfigureAwait(false);
                if (content is not null)
                    staged.Add(content);
                prepared.Add(new PreparedAttachment(number, props, blob, source.Content.Length, content));
            }
            return new PreparedItem
            {
                Bag = bag,
                PropsWithoutKeys = propsWithoutKeys,
                Columns = ItemColumns.From(bag, now),
                Size = size,
                Recipients = recipients,
                RecipientsBlob = recipientsBlob,
                Attachments = prepared,
                Mime = mime,
                MimeRefs = mime is null ? null : mimeRefs,
                StoredSearchText = item.SearchText is { } st && !string.Equals(st, bag.GetString(PropTags.Body), StringComparison.Ordinal) ? st : null,
            };
        }
        catch
        {
            DiscardStaged(staged);
            throw;
        }
    }

    /// <summary>Checks and stages the recipient and attachment part of an update in the caller's task.</summary>
    private async ValueTask<StoreResult<PreparedUpdate>> PrepareUpdateAsync(ItemUpdate update, CancellationToken ct)
    {
        if (update.AddAttachments is null || update.RemoveAttachments is null
            || update.AddAttachments.Any(a => a?.Properties is null) || update.ReplaceRecipients?.Any(r => r is null) == true)
            return StoreResult<PreparedUpdate>.Fail(StoreError.InvalidArgument, "Null attachment or recipient.");
        if (update.RemoveAttachments.Any(n => n < 0))
            return StoreResult<PreparedUpdate>.Fail(StoreError.InvalidArgument, "Negative attachment number.");
        byte[]? recipientsBlob = null;
        if (update.ReplaceRecipients is { } replace)
            recipientsBlob = RecipientCodec.Serialize(replace.Select(r => new Recipient(r.Properties.Clone())).ToList());
        long addedBytes = recipientsBlob?.Length ?? 0;
        foreach (var a in update.AddAttachments)
            addedBytes += a.Content.Length;
        if (addedBytes > _options.MaxMessageBytes)
            return StoreResult<PreparedUpdate>.Fail(StoreError.MessageTooLarge, "The message is larger than the configured limit.");

        var attachments = new List<PreparedNewAttachment>(update.AddAttachments.Count);
        try
        {
            foreach (var a in update.AddAttachments)
            {
                var props = a.Properties.Clone();
                // MS-OXCMSG 2.2.2.6/2.2.2.9: as for a new item — size is the store's, by-value unless the creator said otherwise.
                props.Set(PropTags.AttachSize, (int)Math.Min(int.MaxValue, a.Content.Length));
                if (!props.Contains(PropTags.AttachMethod))
                    props.Set(PropTags.AttachMethod, (int)AttachMethod.ByValue);
                var content = a.Content.IsEmpty ? null : await StageAsync(a.Content, ct).ConfigureAwait(false);
                attachments.Add(new PreparedNewAttachment(props, a.Content.Length, content));
            }
        }
        catch
        {
            DiscardStaged(attachments.Select(a => a.Content).OfType<StagedBlob>());
            throw;
        }
        return new PreparedUpdate
        {
            ReplacesRecipients = update.ReplaceRecipients is not null,
            RecipientsBlob = recipientsBlob,
            Attachments = attachments,
            RemoveAttachments = [.. update.RemoveAttachments],
        };
    }

    private async ValueTask<StagedBlob> StageAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (data.Length > _options.InlineBlobThresholdBytes)
            return new StagedBlob(null, await _files.WriteAsync(data, ct).ConfigureAwait(false), data.Length);
        var bytes = MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();
        return new StagedBlob(bytes, null, data.Length);
    }

    private void DiscardStaged(IEnumerable<StagedBlob> blobs)
    {
        foreach (var b in blobs)
        {
            if (b.FilePath is { } path)
                _files.Delete(path);
        }
    }

    /// <summary>The properties the store keeps consistent on every write (MS-OXCMSG 2.2.1).</summary>
    private static void StampItem(PropertyBag bag, bool hasAttachments, DateTime now)
    {
        if (bag.GetString(PropTags.MessageClass) is null)
            bag.Set(PropTags.MessageClass, ItemColumns.DefaultMessageClass);
        var flags = (MessageFlags)(bag.GetInt32(PropTags.MessageFlags) ?? 0);
        flags = hasAttachments ? flags | MessageFlags.HasAttachments : flags & ~MessageFlags.HasAttachments;
        bag.Set(PropTags.MessageFlags, (int)flags);
        bag.Set(PropTags.HasAttachments, hasAttachments);
        if (bag.GetInt32(PropTags.FlagStatus) is 0)
            bag.Remove(PropTags.FlagStatus);
        bag.Set(PropTags.LastModificationTime, now);
    }

    /// <summary>
    /// Sets PidTagMessageSize to the item's stored size: its serialized bag plus recipients, attachments and MIME. The size
    /// fields are fixed-width, so writing them does not change the length they measure.
    /// </summary>
    private static long ComputeSize(PropertyBag bag, long fixedBytes)
    {
        bag.Set(PropTags.MessageSize, 0);
        bag.Set(PropTags.MessageSizeExtended, 0L);
        var size = PropertyBagSerializer.GetSerializedLength(bag) + fixedBytes;
        bag.Set(PropTags.MessageSize, (int)Math.Min(int.MaxValue, size));
        bag.Set(PropTags.MessageSizeExtended, size);
        return size;
    }

    // ---- writer-side item operations --------------------------------------------------------------

    /// <summary>
    /// For one new item: checks that the mailbox and folder exist and takes a change number and an id, in one statement
    /// (a delivery's resolve, folder check and allocation). Null when either is missing; nothing is written then.
    /// </summary>
    private static (MailboxRow Mailbox, long Cn, long Id)? AllocateNewItem(WriteContext ctx, MailboxId mailbox, long folder, long bytes)
    {
        var st = ctx.Session.Fast("""
            UPDATE mailboxes SET last_cn = last_cn + 1, next_id = next_id + 1, used_bytes = used_bytes + ?1, item_count = item_count + 1
            WHERE guid = ?2 AND EXISTS (SELECT 1 FROM folders f WHERE f.mbx = mailboxes.mbx AND f.id = ?3)
            RETURNING mbx, replica, last_cn, next_id
            """).Bind(1, bytes).Bind(2, mailbox.Value.ToByteArray()).Bind(3, folder);
        try
        {
            if (!st.Step())
                return null;
            var (cn, id) = (st.Int64(2), st.Int64(3));
            // MS-OXCDATA 2.2.1.1: ids and change numbers are 48-bit global counters.
            if (cn > 0xFFFF_FFFF_FFFFL || id > 0xFFFF_FFFF_FFFFL)
                throw new InvalidOperationException("The mailbox's 48-bit counters are exhausted.");
            return (new MailboxRow(st.Int64(0), mailbox, new Guid(st.Blob(1))), cn, id);
        }
        finally
        {
            st.Reset();
        }
    }

    private static (long Id, long Cn) InsertItem(WriteContext ctx, MailboxRow mb, long folder, PreparedItem p)
    {
        var (cn, id) = Allocate(ctx, mb.Mbx, 1, 1, p.Size, 1);
        return InsertItem(ctx, mb, folder, p, cn, id);
    }

    private static (long Id, long Cn) InsertItem(WriteContext ctx, MailboxRow mb, long folder, PreparedItem p, long cn, long id)
    {
        var keys = new PropertyBag().Set(PropTags.ChangeKey, Key(mb.Replica, cn)).Set(PropTags.SourceKey, Key(mb.Replica, id));
        var props = PropertyBagSerializer.Append(p.PropsWithoutKeys, keys);
        p.Bag.Set(PropTags.ChangeKey, keys.GetBinary(PropTags.ChangeKey)!);
        p.Bag.Set(PropTags.SourceKey, keys.GetBinary(PropTags.SourceKey)!);
        var mimeBlob = p.Mime is null ? (long?)null : InsertBlob(ctx, mb.Mbx, p.Mime);
        var c = p.Columns;
        var rid = InsertItemRow(ctx, mb.Mbx, id, folder, cn, c, p.Size, props, p.RecipientsBlob, mimeBlob, p.StoredSearchText, p.MimeRefs);
        foreach (var a in p.Attachments)
        {
            var blob = a.Content is null ? (long?)null : InsertBlob(ctx, mb.Mbx, a.Content);
            ctx.Session.Command("INSERT INTO attachments(item, num, size, props, blob) VALUES($i, $n, $s, $p, $b)")
                .With("$i", rid).With("$n", a.Number).With("$s", a.Size).With("$p", a.PropsBlob).With("$b", blob).ExecuteNonQuery();
        }
        AdjustFolder(ctx, mb.Mbx, folder, 1, c.IsRead ? 0 : 1);
        QueueIndex(ctx, rid, SearchOp.Add);
        ctx.Touch(mb.Id, cn, folder);
        return (id, cn);
    }

    /// <summary>
    /// An item update in the write transaction. Everything is checked before the first write, so an expected failure
    /// leaves the batch untouched. With <paramref name="parts"/>, attachment rows are removed (their blobs released, so
    /// copies sharing them keep theirs) and added, the recipient table replaced, and the original MIME released: it no
    /// longer matches the item, which readers then render from its properties.
    /// </summary>
    private static StoreResult<Item> ApplyUpdate(WriteContext ctx, BlobFileStore files, MailboxId mailbox, ItemId item, PropertyChanges? changes,
        PreparedUpdate? parts, long? expectedChangeNumber, long maxMessageBytes)
    {
        if (ResolveMailbox(ctx, mailbox) is not { } mb)
            return Fail<Item>(StoreError.MailboxNotFound, "No such mailbox.");
        if (LoadItem(ctx.Session, mb.Mbx, item.Value) is not { } row)
            return Fail<Item>(StoreError.NotFound, "No such item.");
        if (expectedChangeNumber is { } expected && expected != row.Cn)
            return Fail<Item>(StoreError.ChangeConflict, "The item changed since it was read.");
        var bag = row.DecodeBag();
        // A change to a property kept in the MIME, or an update that releases the MIME, stores the whole bag again (rare:
        // items with MIME are mail as it arrived).
        long? fixedWithoutMime = null;
        var refs = MimeRefs.Read(row.MimeRefs);
        if (refs.Count > 0 && (parts is not null || changes is not null && refs.Exists(r => changes.Set.Contains(r.Key) || changes.Remove.Contains(r.Key))))
        {
            RestoreMimeRefs(ctx.Session, files, row, bag);
            fixedWithoutMime = Math.Max(0, row.Size - row.Props.Length - refs.Sum(r => MimeRefs.SerializedLength(r.Length)));
        }
        var reindex = false;
        var searchText = row.SearchText;
        if (changes is not null)
        {
            bag.Apply(changes);
            reindex = changes.Set.Keys.Concat(changes.Remove).Any(IndexedTextProperties.Contains);
            if (changes.Set.Contains(PropTags.Body) || changes.Remove.Contains(PropTags.Body))
                searchText = null;
        }
        if (parts is null)
        {
            if (fixedWithoutMime is { } fixedBytesNow)
                SaveItem(ctx, mb, row, bag, moveTo: null, reindex, searchText, fixedBytes: fixedBytesNow, mimeRefs: null, replaceMimeRefs: true);
            else
                SaveItem(ctx, mb, row, bag, moveTo: null, reindex, searchText);
            return StoreResult<Item>.Ok(ReadItem(ctx.Session, files, mb.Mbx, item.Value)!);
        }

        var s = ctx.Session;
        var stored = new Dictionary<int, (long Size, long PropsLength, long? Blob)>();
        using (var r = s.Command("SELECT num, size, length(props), blob FROM attachments WHERE item = $r").With("$r", row.Rid).ExecuteReader())
        {
            while (r.Read())
                stored[(int)r.GetInt64(0)] = (r.GetInt64(1), r.GetInt64(2), r.GetNullableInt64(3));
        }
        if (parts.RemoveAttachments.Any(n => !stored.ContainsKey(n)))
            return Fail<Item>(StoreError.NotFound, "No such attachment.");
        // New attachments are numbered above every attachment the item had, removed ones included.
        var next = stored.Count == 0 ? 0 : stored.Keys.Max() + 1;
        var added = new List<(int Number, byte[] Props, PreparedNewAttachment Source)>(parts.Attachments.Count);
        foreach (var a in parts.Attachments)
        {
            var props = a.Properties.Clone().Set(PropTags.AttachNumber, next + added.Count);
            added.Add((next + added.Count, PropertyBagSerializer.Serialize(props), a));
        }
        var recipients = parts.ReplacesRecipients ? parts.RecipientsBlob : row.Recipients;
        // The item's stored size without its bag: recipients, attachment rows and contents (no MIME any more).
        long fixedBytes = recipients?.Length ?? 0;
        foreach (var (number, a) in stored)
        {
            if (!parts.RemoveAttachments.Contains(number))
                fixedBytes += a.PropsLength + a.Size;
        }
        foreach (var a in added)
            fixedBytes += a.Props.Length + a.Source.Size;
        var attachmentCount = stored.Count - parts.RemoveAttachments.Count + added.Count;
        StampItem(bag, attachmentCount > 0, ctx.Time.GetUtcNow().UtcDateTime);
        var size = PropertyBagSerializer.GetSerializedLength(bag) + fixedBytes;
        if (size > maxMessageBytes && size > row.Size)
            return Fail<Item>(StoreError.MessageTooLarge, "The message is larger than the configured limit.");

        foreach (var number in parts.RemoveAttachments)
        {
            if (stored[number].Blob is { } blob)
                ReleaseBlob(ctx, blob);
            s.Command("DELETE FROM attachments WHERE item = $r AND num = $n").With("$r", row.Rid).With("$n", number).ExecuteNonQuery();
        }
        foreach (var (number, props, source) in added)
        {
            var blob = source.Content is null ? (long?)null : InsertBlob(ctx, mb.Mbx, source.Content);
            s.Command("INSERT INTO attachments(item, num, size, props, blob) VALUES($i, $n, $s, $p, $b)")
                .With("$i", row.Rid).With("$n", number).With("$s", source.Size).With("$p", props).With("$b", blob).ExecuteNonQuery();
        }
        if (row.MimeBlob is { } mime)
            ReleaseBlob(ctx, mime);
        s.Command("UPDATE items SET recipients = $rc, mime_blob = NULL WHERE rid = $r").With("$rc", recipients).With("$r", row.Rid).ExecuteNonQuery();
        SaveItem(ctx, mb, row, bag, moveTo: null, reindex, searchText, attachmentCount > 0, fixedBytes, mimeRefs: null, replaceMimeRefs: true);
        return StoreResult<Item>.Ok(ReadItem(s, files, mb.Mbx, item.Value)!);
    }

    private static long InsertItemRow(WriteContext ctx, long mbx, long id, long folder, long cn, ItemColumns c, long size, byte[] props,
        byte[]? recipients, long? mimeBlob, string? searchText, byte[]? mimeRefs) =>
        ctx.Session.Fast("""
            INSERT INTO items(mbx, id, folder, created_cn, cn, message_class, subject, sender_name, sender_address, received, is_read,
                flag_status, importance, has_attachments, size, start_time, end_time, props, recipients, mime_blob, search_text, mime_refs)
            VALUES(?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21) RETURNING rid
            """).Bind(1, mbx).Bind(2, id).Bind(3, folder).Bind(4, cn).Bind(5, c.MessageClass).Bind(6, c.Subject)
            .Bind(7, c.SenderName).Bind(8, c.SenderAddress).Bind(9, c.ReceivedTicks).Bind(10, c.IsRead ? 1 : 0)
            .Bind(11, c.FlagStatus).Bind(12, c.Importance).Bind(13, c.HasAttachments ? 1 : 0).Bind(14, size)
            .Bind(15, c.StartTicks).Bind(16, c.EndTicks).Bind(17, props).Bind(18, recipients).Bind(19, mimeBlob)
            .Bind(20, searchText).Bind(21, mimeRefs).ScalarInt64();

    /// <summary>
    /// Rewrites an existing item with a new bag (update, read/flag change, move): takes its change number(s), restamps the
    /// store-owned properties, refreshes the indexed columns, counts and quota. A move records a tombstone in the source
    /// folder with its own change number, then re-enters the item in the destination with the next one. An update that
    /// changed the attachment or recipient rows passes whether attachments remain and the item's new size without its bag.
    /// </summary>
    private static long SaveItem(WriteContext ctx, MailboxRow mb, ItemRow row, PropertyBag bag, long? moveTo, bool reindex, string? searchText,
        bool? hasAttachments = null, long? fixedBytes = null, byte[]? mimeRefs = null, bool replaceMimeRefs = false)
    {
        // The bag comes from the stored one (DecodeBag), so the properties kept in the MIME stay there unless the caller says otherwise.
        if (!replaceMimeRefs)
            mimeRefs = row.MimeRefs;
        var now = ctx.Time.GetUtcNow().UtcDateTime;
        var old = row.DecodeBag();
        if (old.GetDateTime(PropTags.CreationTime) is { } created)
            bag.Set(PropTags.CreationTime, created);
        StampItem(bag, hasAttachments ?? row.Materialized.HasAttachments, now);
        bag.Set(PropTags.ChangeKey, new byte[ChangeKey.Length]);
        bag.Set(PropTags.SourceKey, Key(mb.Replica, row.Id));
        var size = ComputeSize(bag, fixedBytes ?? Math.Max(0, row.Size - row.Props.Length));
        var moving = moveTo is { } dest && dest != row.Folder;
        var (cn, _) = Allocate(ctx, mb.Mbx, moving ? 2 : 1, 0, size - row.Size, 0);
        bag.Set(PropTags.ChangeKey, Key(mb.Replica, cn));
        var props = PropertyBagSerializer.Serialize(bag);
        var folder = moving ? moveTo!.Value : row.Folder;
        var createdCn = row.CreatedCn;
        if (moving)
        {
            ctx.Session.Command("INSERT INTO tombstones(mbx, cn, folder, item, entered_cn) VALUES($m, $cn, $f, $i, $e)")
                .With("$m", mb.Mbx).With("$cn", cn - 1).With("$f", row.Folder).With("$i", row.Id).With("$e", row.CreatedCn).ExecuteNonQuery();
            createdCn = cn;
        }
        var c = ItemColumns.From(bag, new DateTime(row.Materialized.ReceivedTicks, DateTimeKind.Utc));
        ctx.Session.Command("""
            UPDATE items SET folder = $f, created_cn = $cc, cn = $cn, message_class = $mc, subject = $su, sender_name = $sn, sender_address = $sa,
                received = $rc, is_read = $rd, flag_status = $fs, importance = $im, has_attachments = $ha, size = $sz, start_time = $st,
                end_time = $en, props = $p, search_text = $tx, mime_refs = $mr
            WHERE rid = $rid
            """).With("$f", folder).With("$cc", createdCn).With("$cn", cn).With("$mc", c.MessageClass).With("$su", c.Subject)
            .With("$sn", c.SenderName).With("$sa", c.SenderAddress).With("$rc", c.ReceivedTicks).With("$rd", c.IsRead ? 1 : 0)
            .With("$fs", c.FlagStatus).With("$im", c.Importance).With("$ha", c.HasAttachments ? 1 : 0).With("$sz", size)
            .With("$st", c.StartTicks).With("$en", c.EndTicks).With("$p", props).With("$tx", searchText).With("$mr", mimeRefs)
            .With("$rid", row.Rid).ExecuteNonQuery();
        var wasUnread = row.Materialized.IsRead ? 0 : 1;
        var isUnread = c.IsRead ? 0 : 1;
        if (moving)
        {
            AdjustFolder(ctx, mb.Mbx, row.Folder, -1, -wasUnread);
            AdjustFolder(ctx, mb.Mbx, folder, 1, isUnread);
        }
        else if (wasUnread != isUnread)
        {
            AdjustFolder(ctx, mb.Mbx, folder, 0, isUnread - wasUnread);
        }
        if (reindex)
            QueueIndex(ctx, row.Rid, SearchOp.Reindex);
        var t = ctx.Touch(mb.Id, cn, folder);
        t.Folders.Add(row.Folder);
        return cn;
    }

    private static long CopyItem(WriteContext ctx, MailboxRow mb, ItemRow row, long destination)
    {
        var now = ctx.Time.GetUtcNow().UtcDateTime;
        var bag = row.DecodeBag();
        bag.Set(PropTags.CreationTime, now);
        StampItem(bag, row.Materialized.HasAttachments, now);
        bag.Set(PropTags.ChangeKey, new byte[ChangeKey.Length]);
        bag.Set(PropTags.SourceKey, new byte[ChangeKey.Length]);
        var size = ComputeSize(bag, Math.Max(0, row.Size - row.Props.Length));
        var (cn, id) = Allocate(ctx, mb.Mbx, 1, 1, size, 1);
        bag.Set(PropTags.ChangeKey, Key(mb.Replica, cn));
        bag.Set(PropTags.SourceKey, Key(mb.Replica, id));
        var c = ItemColumns.From(bag, new DateTime(row.Materialized.ReceivedTicks, DateTimeKind.Utc));
        if (row.MimeBlob is { } mime)
            ctx.Session.Command("UPDATE blobs SET refs = refs + 1 WHERE id = $b").With("$b", mime).ExecuteNonQuery();
        var rid = InsertItemRow(ctx, mb.Mbx, id, destination, cn, c, size, PropertyBagSerializer.Serialize(bag), row.Recipients, row.MimeBlob, row.SearchText,
            row.MimeBlob is null ? null : row.MimeRefs);
        ctx.Session.Command("INSERT INTO attachments(item, num, size, props, blob) SELECT $n, num, size, props, blob FROM attachments WHERE item = $o")
            .With("$n", rid).With("$o", row.Rid).ExecuteNonQuery();
        ctx.Session.Command("UPDATE blobs SET refs = refs + 1 WHERE id IN (SELECT blob FROM attachments WHERE item = $o AND blob IS NOT NULL)")
            .With("$o", row.Rid).ExecuteNonQuery();
        AdjustFolder(ctx, mb.Mbx, destination, 1, c.IsRead ? 0 : 1);
        QueueIndex(ctx, rid, SearchOp.Add);
        ctx.Touch(mb.Id, cn, destination);
        return id;
    }

    private static void DeleteItemRow(WriteContext ctx, MailboxRow mb, ItemRow row)
    {
        var (cn, _) = Allocate(ctx, mb.Mbx, 1, 0, -row.Size, -1);
        var s = ctx.Session;
        s.Command("INSERT INTO tombstones(mbx, cn, folder, item, entered_cn) VALUES($m, $cn, $f, $i, $e)")
            .With("$m", mb.Mbx).With("$cn", cn).With("$f", row.Folder).With("$i", row.Id).With("$e", row.CreatedCn).ExecuteNonQuery();
        var blobs = new List<long>();
        using (var r = s.Command("SELECT blob FROM attachments WHERE item = $r AND blob IS NOT NULL").With("$r", row.Rid).ExecuteReader())
        {
            while (r.Read())
                blobs.Add(r.GetInt64(0));
        }
        if (row.MimeBlob is { } mime)
            blobs.Add(mime);
        foreach (var b in blobs)
            ReleaseBlob(ctx, b);
        s.Command("DELETE FROM attachments WHERE item = $r").With("$r", row.Rid).ExecuteNonQuery();
        QueueIndex(ctx, row.Rid, SearchOp.Remove);
        s.Command("DELETE FROM items WHERE rid = $r").With("$r", row.Rid).ExecuteNonQuery();
        AdjustFolder(ctx, mb.Mbx, row.Folder, -1, row.Materialized.IsRead ? 0 : -1);
        ctx.Touch(mb.Id, cn, row.Folder);
    }

    private static int DeleteItemsOfFolder(WriteContext ctx, MailboxRow mb, long folder)
    {
        var rows = new List<ItemRow>();
        using (var r = ctx.Session.Command($"SELECT {ItemRow.Columns} FROM items i WHERE i.mbx = $m AND i.folder = $f ORDER BY i.id")
            .With("$m", mb.Mbx).With("$f", folder).ExecuteReader())
        {
            while (r.Read())
                rows.Add(ItemRow.Read(r));
        }
        foreach (var row in rows)
            DeleteItemRow(ctx, mb, row);
        return rows.Count;
    }

    private static void AdjustFolder(WriteContext ctx, long mbx, long folder, int total, int unread)
    {
        if (total == 0 && unread == 0)
            return;
        ctx.Session.Fast("UPDATE folders SET total_count = total_count + ?1, unread_count = unread_count + ?2 WHERE mbx = ?3 AND id = ?4")
            .Bind(1, total).Bind(2, unread).Bind(3, mbx).Bind(4, folder).Run();
    }

    private static long InsertBlob(WriteContext ctx, long mbx, StagedBlob blob) =>
        ctx.Session.Fast("INSERT INTO blobs(mbx, size, refs, data, path) VALUES(?1, ?2, 1, ?3, ?4) RETURNING id")
            .Bind(1, mbx).Bind(2, blob.Size).Bind(3, blob.Inline).Bind(4, blob.FilePath).ScalarInt64();

    private static void ReleaseBlob(WriteContext ctx, long blob)
    {
        using var r = ctx.Session.Command("UPDATE blobs SET refs = refs - 1 WHERE id = $b RETURNING refs, path").With("$b", blob).ExecuteReader();
        if (!r.Read() || r.GetInt64(0) > 0)
            return;
        var path = r.GetNullableString(1);
        r.Close();
        ctx.Session.Command("DELETE FROM blobs WHERE id = $b").With("$b", blob).ExecuteNonQuery();
        if (path is not null)
            ctx.FilesToDeleteAfterCommit.Add(path);
    }

    /// <summary>Queues search-index work in the write transaction; the indexer applies it after commit (SqliteSearchIndexer).</summary>
    private static void QueueIndex(WriteContext ctx, long rid, SearchOp op)
    {
        ctx.Session.Fast("INSERT INTO fts_queue(rid, op) VALUES(?1, ?2)").Bind(1, rid).Bind(2, (int)op).Run();
        ctx.SearchWork = true;
    }

    private static ItemRow? LoadItem(SqliteSession s, long mbx, long id)
    {
        using var r = s.Command($"SELECT {ItemRow.Columns} FROM items i WHERE i.mbx = $m AND i.id = $id").With("$m", mbx).With("$id", id).ExecuteReader();
        return r.Read() ? ItemRow.Read(r) : null;
    }
}
